"""The archive: testimonies, the documentary and its clips, artworks, speakers, vocabularies."""
