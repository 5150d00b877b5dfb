"""The media pipeline: media files, their renditions, and the ffmpeg work that makes them.

It knows media and ffmpeg, not testimonies or consent: the archive hands it a specification
and reads back results (docs/architecture.md).
"""
