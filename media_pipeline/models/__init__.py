"""The pipeline's models: the media files and the renditions made from them."""

from .media import Media, original_upload_path, thumbnail_upload_path
from .renditions import Rendition

__all__ = ["Media", "Rendition", "original_upload_path", "thumbnail_upload_path"]
