//! The namespace table of a body: every namespace declared once, on the root, with its
//! prefix. Namespaces are found by hash past a few, so a body with tens of thousands of them
//! costs time linear in its size.

use std::borrow::Cow;
use std::sync::Arc;

use crate::Error;
use crate::distinct::{Distinct, Keyed};
use crate::name::{self, DAV, WELL_KNOWN, XML};
use crate::write::escape::escape_into;
/// The namespaces declared on the root `DAV:multistatus` element, with their prefixes.
///
/// `DAV:` is always declared with prefix `D`; [well-known](name::WELL_KNOWN) namespaces get
/// their conventional prefix; others get `ns1`, `ns2`, …. Declare every namespace the
/// response will use up front and the whole body declares each once; one met later is
/// declared on the element that uses it, so output never has an undeclared prefix.
///
/// ```
/// use multistatus_core::{Namespaces, name::CALDAV};
/// let mut ns = Namespaces::new();
/// assert_eq!(ns.declare(CALDAV).unwrap(), "C");
/// assert_eq!(ns.declare("http://ns.example.com/boxschema/").unwrap(), "ns1");
/// assert_eq!(ns.prefix("DAV:"), Some("D"));
/// ```
#[derive(Clone, Debug)]
pub struct Namespaces {
    /// Which table this is: new for every table and every change, kept by `clone`, so that
    /// output rendered against one table is reused only with the same table.
    pub(super) id: u64,
    /// Shared by clones (a writer per request takes a clone of its answer's table): cloning
    /// allocates nothing, and declaring copies the entries if they are shared.
    pub(super) table: Arc<Table>,
    /// Bit `i` set when `WELL_KNOWN[i]` is declared.
    pub(super) well_known: u32,
    pub(super) generated: u32,
}

/// The declared namespaces of a [`Namespaces`].
#[derive(Clone, Debug)]
pub(super) struct Table {
    /// The namespaces with their prefixes, in declaration order, found by namespace in
    /// constant time however many there are.
    pub(super) entries: Distinct<Keyed<Cow<'static, str>, Cow<'static, str>>>,
    /// The start of a multistatus body, rendered as entries are declared, so that starting
    /// one is one copy: the XML declaration, `<D:multistatus`, every entry's declaration
    /// (` xmlns:D="DAV:" …`, see [`Table::xmlns`]) and `>`.
    pub(super) multistatus: Vec<u8>,
}

/// The XML declaration every document starts with.
pub(crate) const DECLARATION: &[u8] = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

impl Table {
    fn new() -> Self {
        // Room for the root's usual declarations: one allocation, not a growth per few.
        let mut multistatus = Vec::with_capacity(256);
        multistatus.extend_from_slice(DECLARATION);
        multistatus.extend_from_slice(MULTISTATUS.as_bytes());
        multistatus.push(b'>');
        Self {
            entries: Distinct::with_capacity(4),
            multistatus,
        }
    }

    fn push(&mut self, namespace: Cow<'static, str>, prefix: Cow<'static, str>) {
        let declaration = &mut self.multistatus;
        declaration.pop();
        declaration.extend_from_slice(b" xmlns:");
        declaration.extend_from_slice(prefix.as_bytes());
        declaration.extend_from_slice(b"=\"");
        // Namespaces were validated: only `&` may need escaping, which cannot fail.
        let _ = escape_into(declaration, &namespace, true);
        declaration.extend_from_slice(b"\">");
        // Callers push only namespaces they did not find.
        self.entries.push_new(Keyed {
            key: namespace,
            value: prefix,
        });
    }

    /// The position of `namespace`. Tags look their namespace up with the same
    /// `&'static str` it was declared from: addresses are compared before text.
    #[inline]
    pub(super) fn position(&self, namespace: &str) -> Option<usize> {
        self.entries.position_by(namespace, |e| {
            std::ptr::eq(e.key.as_ptr(), namespace.as_ptr()) && e.key.len() == namespace.len()
        })
    }

    /// The prefix at `position`.
    #[inline]
    pub(super) fn prefix(&self, position: usize) -> &str {
        self.entries.items().get(position).map_or("", |e| &e.value)
    }

    /// Every entry's declaration, as written on a root element.
    pub(super) fn xmlns(&self) -> &[u8] {
        let start = DECLARATION.len() + MULTISTATUS.len();
        let end = self.multistatus.len().saturating_sub(1);
        self.multistatus.get(start..end).unwrap_or_default()
    }
}

/// The root of a multistatus body, without its `>`.
const MULTISTATUS: &str = "<D:multistatus";

/// A new [`Namespaces`] identity.
fn next_table_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Default for Namespaces {
    fn default() -> Self {
        Self::new()
    }
}

impl Namespaces {
    /// A table holding `DAV:` only.
    #[must_use]
    pub fn new() -> Self {
        Self {
            id: next_table_id(),
            table: {
                let mut table = Table::new();
                table.push(Cow::Borrowed(DAV), Cow::Borrowed("D"));
                Arc::new(table)
            },
            well_known: 1,
            generated: 0,
        }
    }

    /// A table holding nothing, not even `DAV:`: for a fragment that declares what it uses
    /// itself ([`DeadProperty::from_element`](crate::DeadProperty::from_element)).
    pub(crate) fn empty() -> Self {
        Self {
            id: next_table_id(),
            table: Arc::new(Table::new()),
            well_known: 0,
            generated: 0,
        }
    }

    /// Declares `namespace` (no effect when already declared, or for no namespace) and returns
    /// its prefix.
    ///
    /// Any namespace the request reader accepts can be declared, relative ones included
    /// (`xmlns:z="zzz"`: deprecated by Namespaces in XML, not an error), so that a name a
    /// client sent is always declared on the root like any other. Refused: the two
    /// namespaces XML reserves, and text no URI reference can hold.
    ///
    /// ```
    /// use multistatus_core::Namespaces;
    /// let mut ns = Namespaces::new();
    /// assert_eq!(ns.declare("zzz").unwrap(), "ns1");
    /// assert!(ns.declare("urn:has space").is_err());
    /// ```
    pub fn declare(&mut self, namespace: impl Into<Cow<'static, str>>) -> Result<&str, Error> {
        let namespace = namespace.into();
        if namespace.is_empty() {
            return Ok("");
        }
        if namespace == XML {
            // Bound to `xml` in every document; never declared.
            return Ok("xml");
        }
        if let Some(i) = self.table.position(&namespace) {
            return Ok(self.table.prefix(i));
        }
        if let Some(why) = name::read_namespace_error(&namespace) {
            return Err(Error::InvalidNamespace {
                namespace: namespace.into_owned(),
                reason: why,
            });
        }
        let prefix = match WELL_KNOWN.iter().position(|(n, _)| *n == namespace) {
            Some(i) => {
                self.well_known |= 1 << i;
                Cow::Borrowed(WELL_KNOWN[i].1)
            }
            None => {
                self.generated += 1;
                // Not `format!`: its machinery was a tenth of `PropfindAnswer::new`.
                let mut prefix = String::with_capacity(8);
                prefix.push_str("ns");
                prefix.push_str(itoa::Buffer::new().format(self.generated));
                Cow::Owned(prefix)
            }
        };
        Arc::make_mut(&mut self.table).push(namespace, prefix);
        self.id = next_table_id();
        Ok(self
            .table
            .prefix(self.table.entries.len().saturating_sub(1)))
    }

    /// The prefix of a declared namespace; `""` for no namespace.
    #[must_use]
    pub fn prefix(&self, namespace: &str) -> Option<&str> {
        if namespace.is_empty() {
            return Some("");
        }
        self.table.position(namespace).map(|i| self.table.prefix(i))
    }

    /// The declared namespaces and their prefixes, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.table
            .entries
            .items()
            .iter()
            .map(|e| (&*e.key, &*e.value))
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    pub(super) fn has_well_known(&self, index: u8) -> bool {
        index < 32 && self.well_known & (1 << index) != 0
    }
}
