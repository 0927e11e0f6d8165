//! Node tags: the docutils node classes, and the two stepdoc adds.

/// The tag of a node: which docutils node class it is. [`Tag::as_str`]
/// gives the name docutils prints (`paragraph`, `block_quote`, `#text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Tag {
    /// A text node (`#text`).
    Text,
    /// docutils' `abbreviation`.
    Abbreviation,
    /// docutils' `acronym`.
    Acronym,
    /// docutils' `address`.
    Address,
    /// docutils' `admonition`.
    Admonition,
    /// docutils' `attention`.
    Attention,
    /// docutils' `attribution`.
    Attribution,
    /// docutils' `author`.
    Author,
    /// docutils' `authors`.
    Authors,
    /// docutils' `block_quote`.
    BlockQuote,
    /// docutils' `bullet_list`.
    BulletList,
    /// docutils' `caption`.
    Caption,
    /// docutils' `caution`.
    Caution,
    /// docutils' `citation`.
    Citation,
    /// docutils' `citation_reference`.
    CitationReference,
    /// docutils' `classifier`.
    Classifier,
    /// docutils' `colspec`.
    Colspec,
    /// docutils' `comment`.
    Comment,
    /// docutils' `compound`.
    Compound,
    /// docutils' `contact`.
    Contact,
    /// docutils' `container`.
    Container,
    /// docutils' `copyright`.
    Copyright,
    /// docutils' `danger`.
    Danger,
    /// docutils' `date`.
    Date,
    /// docutils' `decoration`.
    Decoration,
    /// docutils' `definition`.
    Definition,
    /// docutils' `definition_list`.
    DefinitionList,
    /// docutils' `definition_list_item`.
    DefinitionListItem,
    /// docutils' `description`.
    Description,
    /// stepdoc's generic node for a Sphinx or declared directive (its name, arguments, options and content kept as attributes and children)
    Directive,
    /// docutils' `docinfo`.
    Docinfo,
    /// docutils' `doctest_block`.
    DoctestBlock,
    /// docutils' `document`.
    Document,
    /// docutils' plain `Element`: a scratch container directives parse into
    Element,
    /// docutils' `emphasis`.
    Emphasis,
    /// docutils' `entry`.
    Entry,
    /// docutils' `enumerated_list`.
    EnumeratedList,
    /// docutils' `error`.
    Error,
    /// docutils' `field`.
    Field,
    /// docutils' `field_body`.
    FieldBody,
    /// docutils' `field_list`.
    FieldList,
    /// docutils' `field_name`.
    FieldName,
    /// docutils' `figure`.
    Figure,
    /// docutils' `footer`.
    Footer,
    /// docutils' `footnote`.
    Footnote,
    /// docutils' `footnote_reference`.
    FootnoteReference,
    /// docutils' `generated`.
    Generated,
    /// docutils' `header`.
    Header,
    /// docutils' `hint`.
    Hint,
    /// docutils' `image`.
    Image,
    /// docutils' `important`.
    Important,
    /// docutils' `inline`.
    Inline,
    /// docutils' `label`.
    Label,
    /// docutils' `legend`.
    Legend,
    /// docutils' `line`.
    Line,
    /// docutils' `line_block`.
    LineBlock,
    /// docutils' `list_item`.
    ListItem,
    /// docutils' `literal`.
    Literal,
    /// docutils' `literal_block`.
    LiteralBlock,
    /// docutils' `math`.
    Math,
    /// docutils' `math_block`.
    MathBlock,
    /// docutils' `meta`.
    Meta,
    /// docutils' `note`.
    Note,
    /// docutils' `option`.
    Option,
    /// docutils' `option_argument`.
    OptionArgument,
    /// docutils' `option_group`.
    OptionGroup,
    /// docutils' `option_list`.
    OptionList,
    /// docutils' `option_list_item`.
    OptionListItem,
    /// docutils' `option_string`.
    OptionString,
    /// docutils' `organization`.
    Organization,
    /// docutils' `paragraph`.
    Paragraph,
    /// docutils' `pending`.
    Pending,
    /// docutils' `problematic`.
    Problematic,
    /// docutils' `raw`.
    Raw,
    /// docutils' `reference`.
    Reference,
    /// docutils' `revision`.
    Revision,
    /// docutils' `row`.
    Row,
    /// docutils' `rubric`.
    Rubric,
    /// docutils' `section`.
    Section,
    /// docutils' `sidebar`.
    Sidebar,
    /// docutils' `status`.
    Status,
    /// docutils' `strong`.
    Strong,
    /// docutils' `subscript`.
    Subscript,
    /// docutils' `substitution_definition`.
    SubstitutionDefinition,
    /// docutils' `substitution_reference`.
    SubstitutionReference,
    /// docutils' `subtitle`.
    Subtitle,
    /// docutils' `superscript`.
    Superscript,
    /// docutils' `system_message`.
    SystemMessage,
    /// docutils' `table`.
    Table,
    /// docutils' `target`.
    Target,
    /// docutils' `tbody`.
    Tbody,
    /// docutils' `term`.
    Term,
    /// docutils' `tgroup`.
    Tgroup,
    /// docutils' `thead`.
    Thead,
    /// docutils' `tip`.
    Tip,
    /// docutils' `title`.
    Title,
    /// docutils' `title_reference`.
    TitleReference,
    /// docutils' `topic`.
    Topic,
    /// docutils' `transition`.
    Transition,
    /// docutils' `version`.
    Version,
    /// docutils' `warning`.
    Warning,
}

impl Tag {
    /// Every tag, text first.
    pub const ALL: [Tag; 101] = [
        Tag::Text,
        Tag::Abbreviation,
        Tag::Acronym,
        Tag::Address,
        Tag::Admonition,
        Tag::Attention,
        Tag::Attribution,
        Tag::Author,
        Tag::Authors,
        Tag::BlockQuote,
        Tag::BulletList,
        Tag::Caption,
        Tag::Caution,
        Tag::Citation,
        Tag::CitationReference,
        Tag::Classifier,
        Tag::Colspec,
        Tag::Comment,
        Tag::Compound,
        Tag::Contact,
        Tag::Container,
        Tag::Copyright,
        Tag::Danger,
        Tag::Date,
        Tag::Decoration,
        Tag::Definition,
        Tag::DefinitionList,
        Tag::DefinitionListItem,
        Tag::Description,
        Tag::Directive,
        Tag::Docinfo,
        Tag::DoctestBlock,
        Tag::Document,
        Tag::Element,
        Tag::Emphasis,
        Tag::Entry,
        Tag::EnumeratedList,
        Tag::Error,
        Tag::Field,
        Tag::FieldBody,
        Tag::FieldList,
        Tag::FieldName,
        Tag::Figure,
        Tag::Footer,
        Tag::Footnote,
        Tag::FootnoteReference,
        Tag::Generated,
        Tag::Header,
        Tag::Hint,
        Tag::Image,
        Tag::Important,
        Tag::Inline,
        Tag::Label,
        Tag::Legend,
        Tag::Line,
        Tag::LineBlock,
        Tag::ListItem,
        Tag::Literal,
        Tag::LiteralBlock,
        Tag::Math,
        Tag::MathBlock,
        Tag::Meta,
        Tag::Note,
        Tag::Option,
        Tag::OptionArgument,
        Tag::OptionGroup,
        Tag::OptionList,
        Tag::OptionListItem,
        Tag::OptionString,
        Tag::Organization,
        Tag::Paragraph,
        Tag::Pending,
        Tag::Problematic,
        Tag::Raw,
        Tag::Reference,
        Tag::Revision,
        Tag::Row,
        Tag::Rubric,
        Tag::Section,
        Tag::Sidebar,
        Tag::Status,
        Tag::Strong,
        Tag::Subscript,
        Tag::SubstitutionDefinition,
        Tag::SubstitutionReference,
        Tag::Subtitle,
        Tag::Superscript,
        Tag::SystemMessage,
        Tag::Table,
        Tag::Target,
        Tag::Tbody,
        Tag::Term,
        Tag::Tgroup,
        Tag::Thead,
        Tag::Tip,
        Tag::Title,
        Tag::TitleReference,
        Tag::Topic,
        Tag::Transition,
        Tag::Version,
        Tag::Warning,
    ];

    /// The name docutils gives the node class.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tag::Text => "#text",
            Tag::Abbreviation => "abbreviation",
            Tag::Acronym => "acronym",
            Tag::Address => "address",
            Tag::Admonition => "admonition",
            Tag::Attention => "attention",
            Tag::Attribution => "attribution",
            Tag::Author => "author",
            Tag::Authors => "authors",
            Tag::BlockQuote => "block_quote",
            Tag::BulletList => "bullet_list",
            Tag::Caption => "caption",
            Tag::Caution => "caution",
            Tag::Citation => "citation",
            Tag::CitationReference => "citation_reference",
            Tag::Classifier => "classifier",
            Tag::Colspec => "colspec",
            Tag::Comment => "comment",
            Tag::Compound => "compound",
            Tag::Contact => "contact",
            Tag::Container => "container",
            Tag::Copyright => "copyright",
            Tag::Danger => "danger",
            Tag::Date => "date",
            Tag::Decoration => "decoration",
            Tag::Definition => "definition",
            Tag::DefinitionList => "definition_list",
            Tag::DefinitionListItem => "definition_list_item",
            Tag::Description => "description",
            Tag::Directive => "directive",
            Tag::Docinfo => "docinfo",
            Tag::DoctestBlock => "doctest_block",
            Tag::Document => "document",
            Tag::Element => "Element",
            Tag::Emphasis => "emphasis",
            Tag::Entry => "entry",
            Tag::EnumeratedList => "enumerated_list",
            Tag::Error => "error",
            Tag::Field => "field",
            Tag::FieldBody => "field_body",
            Tag::FieldList => "field_list",
            Tag::FieldName => "field_name",
            Tag::Figure => "figure",
            Tag::Footer => "footer",
            Tag::Footnote => "footnote",
            Tag::FootnoteReference => "footnote_reference",
            Tag::Generated => "generated",
            Tag::Header => "header",
            Tag::Hint => "hint",
            Tag::Image => "image",
            Tag::Important => "important",
            Tag::Inline => "inline",
            Tag::Label => "label",
            Tag::Legend => "legend",
            Tag::Line => "line",
            Tag::LineBlock => "line_block",
            Tag::ListItem => "list_item",
            Tag::Literal => "literal",
            Tag::LiteralBlock => "literal_block",
            Tag::Math => "math",
            Tag::MathBlock => "math_block",
            Tag::Meta => "meta",
            Tag::Note => "note",
            Tag::Option => "option",
            Tag::OptionArgument => "option_argument",
            Tag::OptionGroup => "option_group",
            Tag::OptionList => "option_list",
            Tag::OptionListItem => "option_list_item",
            Tag::OptionString => "option_string",
            Tag::Organization => "organization",
            Tag::Paragraph => "paragraph",
            Tag::Pending => "pending",
            Tag::Problematic => "problematic",
            Tag::Raw => "raw",
            Tag::Reference => "reference",
            Tag::Revision => "revision",
            Tag::Row => "row",
            Tag::Rubric => "rubric",
            Tag::Section => "section",
            Tag::Sidebar => "sidebar",
            Tag::Status => "status",
            Tag::Strong => "strong",
            Tag::Subscript => "subscript",
            Tag::SubstitutionDefinition => "substitution_definition",
            Tag::SubstitutionReference => "substitution_reference",
            Tag::Subtitle => "subtitle",
            Tag::Superscript => "superscript",
            Tag::SystemMessage => "system_message",
            Tag::Table => "table",
            Tag::Target => "target",
            Tag::Tbody => "tbody",
            Tag::Term => "term",
            Tag::Tgroup => "tgroup",
            Tag::Thead => "thead",
            Tag::Tip => "tip",
            Tag::Title => "title",
            Tag::TitleReference => "title_reference",
            Tag::Topic => "topic",
            Tag::Transition => "transition",
            Tag::Version => "version",
            Tag::Warning => "warning",
        }
    }

    /// Whether the tag is one of docutils' admonitions: `admonition` and
    /// the nine named ones (`attention`, `caution`, `danger`, `error`,
    /// `hint`, `important`, `note`, `tip`, `warning`).
    pub const fn is_admonition(self) -> bool {
        matches!(
            self,
            Tag::Admonition
                | Tag::Attention
                | Tag::Caution
                | Tag::Danger
                | Tag::Error
                | Tag::Hint
                | Tag::Important
                | Tag::Note
                | Tag::Tip
                | Tag::Warning
        )
    }

    /// The tag named `name` (`#text` for text), if there is one.
    pub fn from_name(name: &str) -> Option<Tag> {
        Some(match name {
            "#text" => Tag::Text,
            "abbreviation" => Tag::Abbreviation,
            "acronym" => Tag::Acronym,
            "address" => Tag::Address,
            "admonition" => Tag::Admonition,
            "attention" => Tag::Attention,
            "attribution" => Tag::Attribution,
            "author" => Tag::Author,
            "authors" => Tag::Authors,
            "block_quote" => Tag::BlockQuote,
            "bullet_list" => Tag::BulletList,
            "caption" => Tag::Caption,
            "caution" => Tag::Caution,
            "citation" => Tag::Citation,
            "citation_reference" => Tag::CitationReference,
            "classifier" => Tag::Classifier,
            "colspec" => Tag::Colspec,
            "comment" => Tag::Comment,
            "compound" => Tag::Compound,
            "contact" => Tag::Contact,
            "container" => Tag::Container,
            "copyright" => Tag::Copyright,
            "danger" => Tag::Danger,
            "date" => Tag::Date,
            "decoration" => Tag::Decoration,
            "definition" => Tag::Definition,
            "definition_list" => Tag::DefinitionList,
            "definition_list_item" => Tag::DefinitionListItem,
            "description" => Tag::Description,
            "directive" => Tag::Directive,
            "docinfo" => Tag::Docinfo,
            "doctest_block" => Tag::DoctestBlock,
            "document" => Tag::Document,
            "Element" => Tag::Element,
            "emphasis" => Tag::Emphasis,
            "entry" => Tag::Entry,
            "enumerated_list" => Tag::EnumeratedList,
            "error" => Tag::Error,
            "field" => Tag::Field,
            "field_body" => Tag::FieldBody,
            "field_list" => Tag::FieldList,
            "field_name" => Tag::FieldName,
            "figure" => Tag::Figure,
            "footer" => Tag::Footer,
            "footnote" => Tag::Footnote,
            "footnote_reference" => Tag::FootnoteReference,
            "generated" => Tag::Generated,
            "header" => Tag::Header,
            "hint" => Tag::Hint,
            "image" => Tag::Image,
            "important" => Tag::Important,
            "inline" => Tag::Inline,
            "label" => Tag::Label,
            "legend" => Tag::Legend,
            "line" => Tag::Line,
            "line_block" => Tag::LineBlock,
            "list_item" => Tag::ListItem,
            "literal" => Tag::Literal,
            "literal_block" => Tag::LiteralBlock,
            "math" => Tag::Math,
            "math_block" => Tag::MathBlock,
            "meta" => Tag::Meta,
            "note" => Tag::Note,
            "option" => Tag::Option,
            "option_argument" => Tag::OptionArgument,
            "option_group" => Tag::OptionGroup,
            "option_list" => Tag::OptionList,
            "option_list_item" => Tag::OptionListItem,
            "option_string" => Tag::OptionString,
            "organization" => Tag::Organization,
            "paragraph" => Tag::Paragraph,
            "pending" => Tag::Pending,
            "problematic" => Tag::Problematic,
            "raw" => Tag::Raw,
            "reference" => Tag::Reference,
            "revision" => Tag::Revision,
            "row" => Tag::Row,
            "rubric" => Tag::Rubric,
            "section" => Tag::Section,
            "sidebar" => Tag::Sidebar,
            "status" => Tag::Status,
            "strong" => Tag::Strong,
            "subscript" => Tag::Subscript,
            "substitution_definition" => Tag::SubstitutionDefinition,
            "substitution_reference" => Tag::SubstitutionReference,
            "subtitle" => Tag::Subtitle,
            "superscript" => Tag::Superscript,
            "system_message" => Tag::SystemMessage,
            "table" => Tag::Table,
            "target" => Tag::Target,
            "tbody" => Tag::Tbody,
            "term" => Tag::Term,
            "tgroup" => Tag::Tgroup,
            "thead" => Tag::Thead,
            "tip" => Tag::Tip,
            "title" => Tag::Title,
            "title_reference" => Tag::TitleReference,
            "topic" => Tag::Topic,
            "transition" => Tag::Transition,
            "version" => Tag::Version,
            "warning" => Tag::Warning,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Tag;

    #[test]
    fn names_round_trip() {
        for t in Tag::ALL {
            assert_eq!(Tag::from_name(t.as_str()), Some(t));
        }
        assert_eq!(Tag::from_name("block_quote"), Some(Tag::BlockQuote));
        assert_eq!(Tag::from_name("nosuch"), None);
        let admonitions: Vec<&str> = Tag::ALL
            .iter()
            .filter(|t| t.is_admonition())
            .map(|t| t.as_str())
            .collect();
        assert_eq!(
            admonitions,
            [
                "admonition",
                "attention",
                "caution",
                "danger",
                "error",
                "hint",
                "important",
                "note",
                "tip",
                "warning"
            ]
        );
    }
}
