//! What a picture file is, read from its first bytes. A wire's `Content-Type` header
//! may say anything; only the magic numbers tell whether the bytes are an image a
//! browser shows, and so whether Gazette may serve them as one.

/// The picture formats the site serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Avif,
}

impl ImageKind {
    const ALL: [Self; 5] = [Self::Jpeg, Self::Png, Self::Gif, Self::Webp, Self::Avif];

    /// The kind the bytes are, by their magic numbers (JPEG: JFIF/Exif SOI marker; PNG:
    /// its 8-byte signature; GIF87a/89a; WebP: a RIFF container of type `WEBP`; AVIF: an
    /// ISO-BMFF `ftyp` box of brand `avif` or `avis`).
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        let at =
            |offset: usize, magic: &[u8]| bytes.get(offset..offset + magic.len()) == Some(magic);
        if at(0, &[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if at(0, b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
            Some(Self::Gif)
        } else if at(0, b"RIFF") && at(8, b"WEBP") {
            Some(Self::Webp)
        } else if at(4, b"ftypavif") || at(4, b"ftypavis") {
            Some(Self::Avif)
        } else {
            None
        }
    }

    /// The file name extension Gazette stores it under.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Avif => "avif",
        }
    }

    pub fn from_extension(extension: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.extension() == extension)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Avif => "image/avif",
        }
    }

    /// Width and height in pixels where the header says them at a fixed place (PNG's
    /// IHDR, GIF's logical screen); other formats need a parser, and pages do without.
    pub fn dimensions(self, bytes: &[u8]) -> Option<(u32, u32)> {
        match self {
            Self::Png => {
                let field = |offset: usize| -> Option<u32> {
                    Some(u32::from_be_bytes(
                        bytes.get(offset..offset + 4)?.try_into().ok()?,
                    ))
                };
                Some((field(16)?, field(20)?))
            }
            Self::Gif => {
                let field = |offset: usize| -> Option<u32> {
                    let pair: [u8; 2] = bytes.get(offset..offset + 2)?.try_into().ok()?;
                    Some(u32::from(u16::from_le_bytes(pair)))
                };
                Some((field(6)?, field(8)?))
            }
            Self::Jpeg | Self::Webp | Self::Avif => None,
        }
        .filter(|&(width, height)| width > 0 && height > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_name_the_kind_and_anything_else_is_not_an_image() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x03\0\0\0\x02\x08\x02\0\0\0";
        assert_eq!(ImageKind::sniff(png), Some(ImageKind::Png));
        assert_eq!(ImageKind::Png.dimensions(png), Some((3, 2)));
        assert_eq!(
            ImageKind::sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some(ImageKind::Jpeg)
        );
        let gif = b"GIF89a\x05\0\x04\0";
        assert_eq!(ImageKind::sniff(gif), Some(ImageKind::Gif));
        assert_eq!(ImageKind::Gif.dimensions(gif), Some((5, 4)));
        assert_eq!(
            ImageKind::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageKind::Webp)
        );
        assert_eq!(
            ImageKind::sniff(b"\0\0\0\x1cftypavif"),
            Some(ImageKind::Avif)
        );
        for not_an_image in [
            &b"<html><body>Not found</body></html>"[..],
            b"",
            b"\x89PN",
            b"RIFF\0\0\0\0WAVE",
        ] {
            assert_eq!(ImageKind::sniff(not_an_image), None);
        }
    }

    #[test]
    fn extensions_round_trip_and_unknown_ones_are_refused() {
        for kind in ImageKind::ALL {
            assert_eq!(ImageKind::from_extension(kind.extension()), Some(kind));
        }
        assert_eq!(ImageKind::from_extension("svg"), None);
        assert_eq!(ImageKind::from_extension("JPG"), None);
    }
}
