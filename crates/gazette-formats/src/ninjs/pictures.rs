//! The pictures a ninjs story links as `associations`: each picture association
//! becomes a [`Picture`] with the best of its renditions, its caption and its credit.

use super::model::{text_of, NinjsItem, Rendition, Scalar};
use super::texts::{alt_text, caption, credit_line};
use super::Nature;
use crate::html::text_from_html;
use gazette_core::Picture;

/// Wider renditions are print originals of several megabytes; no page shows more.
const WIDEST_FOR_THE_WEB: u32 = 2560;

/// Items of the same document a story's associations may point to, for associations
/// that name a picture without carrying its renditions.
pub(super) trait LinkedItems {
    fn linked(&self, association: &NinjsItem) -> Option<&NinjsItem>;
}

/// The story's pictures, in the order the sender associated them. Logos (`graphic`),
/// video and audio are not pictures of the story; neither is a withdrawn picture.
pub(super) fn pictures(story: &NinjsItem, document: &impl LinkedItems) -> Vec<Picture> {
    story
        .associations
        .iter()
        .filter(|association| is_usable_picture(association))
        .filter_map(|association| {
            picture(association, &association.renditions).or_else(|| {
                let linked = document.linked(association)?;
                picture(association, &linked.renditions)
                    .map(|picture| with_details_of(picture, linked))
            })
        })
        .collect()
}

fn is_usable_picture(association: &NinjsItem) -> bool {
    let withdrawn = text_of(&association.pubstatus)
        .is_some_and(|status| !status.eq_ignore_ascii_case("usable"));
    let picture = match association.nature() {
        Nature::Picture => true,
        // An untyped association is a picture when its renditions are images.
        Nature::Story if text_of(&association.kind).is_none() => association
            .renditions
            .iter()
            .any(|(_, rendition)| media_type(rendition).is_some_and(|t| t.starts_with("image/"))),
        _ => false,
    };
    picture && !withdrawn
}

fn picture(association: &NinjsItem, renditions: &[(Option<String>, Rendition)]) -> Option<Picture> {
    let rendition = best_rendition(renditions)?;
    Some(Picture {
        src: http_href(rendition)?,
        alt: alt_text(association),
        caption: caption(association),
        credit: credit(association),
        width: pixels(&rendition.width),
        height: pixels(&rendition.height),
    })
}

/// Fills what the association left out from the linked item it points to.
fn with_details_of(picture: Picture, linked: &NinjsItem) -> Picture {
    Picture {
        alt: picture.alt.or_else(|| alt_text(linked)),
        caption: picture.caption.or_else(|| caption(linked)),
        credit: picture.credit.or_else(|| credit(linked)),
        ..picture
    }
}

/// Who took or owns the picture: its byline, else its credit line, else the
/// copyright holder.
fn credit(picture: &NinjsItem) -> Option<String> {
    text_of(&picture.by)
        .or_else(|| text_of(&picture.byline))
        .map(|text| text_from_html(&text))
        .filter(|text| !text.is_empty())
        .or_else(|| credit_line(picture))
        .or_else(|| text_of(&picture.copyrightholder))
}

/// The largest rendition a web page can use: the widest no wider than
/// [`WIDEST_FOR_THE_WEB`]; when sizes are unknown, the first that is not a thumbnail;
/// only when nothing else is left, an oversized original, then a thumbnail.
fn best_rendition(renditions: &[(Option<String>, Rendition)]) -> Option<&Rendition> {
    renditions
        .iter()
        .filter(|(_, rendition)| is_image(rendition) && http_href(rendition).is_some())
        .min_by_key(|(key, rendition)| {
            let width = pixels(&rendition.width);
            match width {
                Some(width) if width <= WIDEST_FOR_THE_WEB => (0, u32::MAX - width),
                None if !is_thumbnail(key.as_deref(), rendition) => (1, 0),
                Some(width) => (2, width),
                None => (3, 0),
            }
        })
        .map(|(_, rendition)| rendition)
}

fn is_image(rendition: &Rendition) -> bool {
    media_type(rendition).is_none_or(|media_type| media_type.starts_with("image/"))
}

fn media_type(rendition: &Rendition) -> Option<String> {
    text_of(&rendition.mimetype)
        .or_else(|| text_of(&rendition.contenttype))
        .map(|media_type| media_type.to_ascii_lowercase())
}

fn is_thumbnail(key: Option<&str>, rendition: &Rendition) -> bool {
    [
        key.map(str::to_owned),
        text_of(&rendition.name),
        text_of(&rendition.title),
    ]
    .into_iter()
    .flatten()
    .any(|name| {
        let name = name.to_ascii_lowercase();
        name.contains("thumb") || name.contains("small")
    })
}

/// Only web addresses: a `javascript:` or `data:` href never becomes a picture.
fn http_href(rendition: &Rendition) -> Option<String> {
    let href = text_of(&rendition.href)?;
    let lower = href.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(href)
}

/// A size in pixels, written as a number or as text ("172").
fn pixels(size: &Option<Scalar>) -> Option<u32> {
    let text = text_of(size)?;
    text.parse::<u32>().ok().or_else(|| {
        let value = text.parse::<f64>().ok()?;
        (value >= 1.0 && value <= f64::from(u32::MAX)).then(|| value.round() as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkedItems for NoLinks {
        fn linked(&self, _: &NinjsItem) -> Option<&NinjsItem> {
            None
        }
    }

    fn story(json: serde_json::Value) -> NinjsItem {
        serde_json::from_value(json).expect("a readable item")
    }

    fn rendition(name: &str, width: u32) -> serde_json::Value {
        serde_json::json!({"name": name, "href": format!("https://img.example/{name}.jpg"),
                           "contenttype": "image/jpeg", "width": width})
    }

    #[test]
    fn the_widest_rendition_a_page_can_use_is_chosen() {
        let story = story(
            serde_json::json!({"associations": [{"type": "picture", "renditions": [
            rendition("thumb", 256), rendition("print", 6016), rendition("web", 1400),
            rendition("view", 640)]}]}),
        );
        let pictures = pictures(&story, &NoLinks);
        assert_eq!(pictures.len(), 1);
        assert_eq!(pictures[0].src, "https://img.example/web.jpg");
        assert_eq!(pictures[0].width, Some(1400));
    }

    #[test]
    fn an_oversized_original_is_taken_when_it_is_all_there_is() {
        let story = story(
            serde_json::json!({"associations": {"photo": {"type": "picture",
            "renditions": {"original": rendition("original", 6016)}}}}),
        );
        assert_eq!(pictures(&story, &NoLinks)[0].width, Some(6016));
    }

    #[test]
    fn unknown_sizes_prefer_a_rendition_that_is_not_a_thumbnail() {
        let story = story(
            serde_json::json!({"associations": {"photo": {"type": "picture",
            "renditions": {"thumbnail": {"href": "https://img.example/t.jpg"},
                           "main": {"href": "https://img.example/m.jpg", "width": "n/a"}}}}}),
        );
        assert_eq!(
            pictures(&story, &NoLinks)[0].src,
            "https://img.example/m.jpg"
        );
    }

    #[test]
    fn logos_videos_withdrawn_pictures_and_unsafe_hrefs_are_not_pictures() {
        let story = story(serde_json::json!({"associations": [
            {"type": "graphic", "renditions": [rendition("logo", 300)]},
            {"type": "video", "renditions": [rendition("still", 640)]},
            {"type": "picture", "pubstatus": "canceled", "renditions": [rendition("gone", 640)]},
            {"type": "picture", "renditions": [{"href": "javascript:alert(1)"},
                                               {"href": "data:image/png;base64,AA"}]},
            {"type": "picture", "renditions": [{"href": "https://img.example/v.mp4",
                                                "mimetype": "video/mp4"}]}]}));
        assert_eq!(pictures(&story, &NoLinks), vec![]);
    }

    #[test]
    fn caption_credit_and_alt_come_from_the_association() {
        let story = story(serde_json::json!({"associations": [{"type": "picture",
            "headline": "Pier at dawn",
            "descriptions": [{"role": "alt", "value": "Boats tied at a pier"},
                             {"role": "caption", "value": "The <i>north</i> pier."}],
            "copyrightholder": "Harbour Press", "renditions": [rendition("web", 1024)]}]}));
        let picture = &pictures(&story, &NoLinks)[0];
        assert_eq!(picture.caption.as_deref(), Some("The north pier."));
        assert_eq!(picture.alt.as_deref(), Some("Boats tied at a pier"));
        assert_eq!(picture.credit.as_deref(), Some("Harbour Press"));
    }

    #[test]
    fn sizes_are_read_from_numbers_or_text() {
        let size = |json: serde_json::Value| pixels(&serde_json::from_value(json).expect("scalar"));
        assert_eq!(size(serde_json::json!("172")), Some(172));
        assert_eq!(size(serde_json::json!(57.0)), Some(57));
        assert_eq!(size(serde_json::json!(-3)), None);
        assert_eq!(size(serde_json::json!("wide")), None);
    }
}
