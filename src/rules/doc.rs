//! Reading a rule's documentation, so that no other layer parses it: the one-sentence summary
//! a table or a report shows, the protocol sections it cites, and its Markdown as plain text
//! (for `explain` into a pipe). The docs are written in a small, fixed Markdown (see
//! [`RuleInfo::markdown`]): headings, paragraphs that start with a bold label, `code`, **bold**
//! and links; this reads exactly that.

use super::RuleInfo;
use crate::spec::Lang;

/// One protocol section a rule cites, as the catalogue names it in each language
/// (`§3.2 voetnoot 2` / `§3.2 footnote 2`), with the section's number (`3.2`) where it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub nl: String,
    pub en: String,
    pub section: Option<String>,
}

impl RuleInfo {
    /// What the rule checks in one sentence: the first sentence of its doc's **Wat**/**What**
    /// paragraph without code marks; else its message's first sentence with each placeholder
    /// shown as `…`; else its name.
    pub fn summary(&self, lang: Lang) -> String {
        let label = match lang {
            Lang::Nl => "**Wat**",
            Lang::En => "**What**",
        };
        if let Some(rest) = self.doc(lang).strip_prefix(label) {
            let paragraph = rest.trim_start();
            let paragraph = paragraph.split("\n\n").next().unwrap_or(paragraph);
            if !paragraph.is_empty() {
                return first_sentence(paragraph).replace('`', "");
            }
        }
        let message = self.messages.first().map_or("", |m| m.text(lang));
        if message.is_empty() {
            return self.name.to_string();
        }
        without_placeholders(&first_sentence(message))
    }

    /// The protocol sections the rule rests on, in the order its declaration names them.
    pub fn sources(&self) -> Vec<Source> {
        self.source
            .split(", ")
            .map(|part| {
                let digits = part.strip_prefix('§').map(section_number);
                Source {
                    nl: part.to_string(),
                    // The catalogue names footnotes as the protocol does.
                    en: part.replace("voetnoot", "footnote"),
                    section: digits.filter(|s| !s.is_empty()).map(str::to_string),
                }
            })
            .collect()
    }
}

/// The number a section reference starts with: `3.2.1` of `3.2.1 voetnoot 2`, digits in
/// groups separated by single dots.
fn section_number(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut i = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        end = i;
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            break;
        }
    }
    &text[..end]
}

/// The first sentence of `text` with its white space made single spaces: up to the first `.`,
/// `!` or `?` that ends the text or is followed by a space and a capital, a code mark, a bold
/// mark or a parenthesis (so `z.o.z.` or `1.5` does not end a sentence).
fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        if !matches!(b, b'.' | b'!' | b'?') {
            continue;
        }
        let rest = &bytes[i + 1..];
        let ends = match rest {
            [] => true,
            [b' ', next, ..] => next.is_ascii_uppercase() || matches!(next, b'`' | b'*' | b'('),
            _ => false,
        };
        if ends {
            return text[..=i].to_string();
        }
    }
    text
}

/// A message template with each `{placeholder}` (lower-case letters and `_`) shown as `…`.
fn without_placeholders(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_len = after
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
            .count();
        out.push_str(&rest[..open]);
        if name_len > 0 && after.as_bytes().get(name_len) == Some(&b'}') {
            out.push('…');
            rest = &after[name_len + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A rule doc's Markdown (or `explain`'s page, made of it) as plain text, for a pipe or a
/// file: headings without `#`, a paragraph's bold label as `Wat: …`, no bold, code marks or
/// link syntax (a code span or a bold phrase may run over a line end); one newline at the end.
pub fn plain_text(markdown: &str) -> String {
    let text = without_heading_marks(markdown);
    let text = bold_labels_as_colons(&text);
    let text = without_bold(&text);
    let mut text = without_code_marks(&links_as_text(&text));
    text.truncate(text.trim_end_matches('\n').len());
    text.push('\n');
    text
}

/// `text` with what starts a line replaced where `replace` says so: it gives the text in its
/// place and how many bytes it takes (which may end at the start of another line).
fn at_line_starts(text: &str, replace: impl Fn(&str) -> Option<(String, usize)>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut at_line_start = true;
    while !rest.is_empty() {
        if at_line_start {
            if let Some((replacement, taken)) = replace(rest) {
                out.push_str(&replacement);
                at_line_start = rest[..taken].ends_with('\n');
                rest = &rest[taken..];
                continue;
            }
        }
        let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        out.push_str(&rest[..line_end]);
        rest = &rest[line_end..];
        at_line_start = true;
    }
    out
}

/// Each line that starts with `#`s and white space, without them.
fn without_heading_marks(text: &str) -> String {
    at_line_starts(text, |line| {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        let after = &line[hashes..];
        let space = after.len() - after.trim_start().len();
        (hashes > 0 && space > 0).then(|| (String::new(), hashes + space))
    })
}

/// The bold phrase `**…**` (no `*` inside, at least one character) that starts `text`, with
/// its length in bytes.
fn bold_at_start(text: &str) -> Option<(&str, usize)> {
    let inner = text.strip_prefix("**")?;
    let end = inner.find('*')?;
    (end > 0 && inner[end..].starts_with("**")).then(|| (&inner[..end], end + 4))
}

/// A line that starts with a bold label and a space (`**Wat** Een …`) as `Wat: Een …`; not the
/// line of facts (`**Titel** · stap 3 …`).
fn bold_labels_as_colons(text: &str) -> String {
    at_line_starts(text, |line| {
        let (label, len) = bold_at_start(line)?;
        let after = line[len..].strip_prefix(' ')?;
        (!after.starts_with('·')).then(|| (format!("{label}: "), len + 1))
    })
}

/// Each pair of code marks taken away (a last one without its pair stays).
fn without_code_marks(text: &str) -> String {
    let pieces: Vec<&str> = text.split('`').collect();
    // An even number of pieces is an odd number of marks: the last mark has no pair.
    match pieces.split_last() {
        Some((last, paired)) if pieces.len().is_multiple_of(2) => {
            format!("{}`{last}", paired.concat())
        }
        _ => pieces.concat(),
    }
}

/// `**…**` as its text, wherever it stands.
fn without_bold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("**") {
        out.push_str(&rest[..start]);
        match bold_at_start(&rest[start..]) {
            Some((inner, len)) => {
                out.push_str(inner);
                rest = &rest[start + len..];
            }
            None => {
                out.push('*');
                rest = &rest[start + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `[text](target)` as its text.
fn links_as_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let link = after.find(']').filter(|&end| end > 0).and_then(|end| {
            let target = after[end + 1..].strip_prefix('(')?;
            let close = target.find(')')?;
            Some((&after[..end], end + 1 + 1 + close + 1))
        });
        match link {
            Some((label, len)) => {
                out.push_str(label);
                rest = &after[len..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rule;

    #[test]
    fn the_first_sentence_ends_where_a_new_one_starts() {
        assert_eq!(first_sentence("Een  zin.\nNog een."), "Een zin.");
        assert_eq!(
            first_sentence("Zie z.o.z. en 1.5 meer. `Code` hier."),
            "Zie z.o.z. en 1.5 meer."
        );
        assert_eq!(first_sentence("Geen punt"), "Geen punt");
        assert_eq!(first_sentence("Vraag? (Ja.)"), "Vraag?");
    }

    #[test]
    fn placeholders_are_shown_as_an_ellipsis() {
        assert_eq!(
            without_placeholders("Kolom {column} is {value}."),
            "Kolom … is …."
        );
        assert_eq!(
            without_placeholders("{found:# kolom} en {X}"),
            "{found:# kolom} en {X}"
        );
    }

    #[test]
    fn sources_name_their_sections_in_both_languages() {
        let info = Rule::all().find(|r| r.code() == "F011").unwrap().info();
        let sources = info.sources();
        let footnote = sources.iter().find(|s| s.nl.contains("voetnoot")).unwrap();
        assert_eq!(footnote.en, footnote.nl.replace("voetnoot", "footnote"));
        assert_eq!(footnote.section.as_deref(), Some("3.2"));
        assert_eq!(section_number("3.2.1 voetnoot"), "3.2.1");
        assert_eq!(section_number("4. iets"), "4");
        assert_eq!(section_number("x"), "");
    }

    #[test]
    fn every_rule_has_a_summary_of_one_sentence_without_marks() {
        for rule in Rule::all() {
            for lang in [Lang::Nl, Lang::En] {
                let summary = rule.info().summary(lang);
                assert!(
                    !summary.is_empty() && !summary.contains('`'),
                    "{}",
                    rule.code()
                );
                assert!(!summary.contains('\n'), "{}", rule.code());
            }
        }
    }

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_marks() {
        let markdown = "# F015 Elfproef\n\n**Titel** · stap 3\n\n**Wat** Het `BSN`, zie \
                        [§3.2](protocol.md#s3-2) en **niet\nvet**.\n\n## Kop\n";
        assert_eq!(
            plain_text(markdown),
            "F015 Elfproef\n\nTitel · stap 3\n\nWat: Het BSN, zie §3.2 en niet\nvet.\n\nKop\n"
        );
        assert_eq!(plain_text("a [b] c ** d\n\n\n"), "a [b] c ** d\n");
        assert_eq!(plain_text("`a` b `c"), "a b `c\n");
    }
}
