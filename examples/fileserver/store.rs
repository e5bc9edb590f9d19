//! Dead properties in a redb database: one row per resource that has any, keyed by the
//! resource's decoded path relative to the share (`""` for the root, `docs/a b.txt`), the
//! value its properties' XML (`DeadProperty::xml`), each preceded by its length.
//!
//! redb commits are durable (fsync) when `commit` returns, so a PROPPATCH is on disk before
//! its 207 is sent. Keys are ordered, so a subtree (`docs` and everything under `docs/`) is
//! two ranges, and COPY, MOVE and DELETE change all of it in one transaction.

use std::ops::Bound;
use std::path::Path;

use multistatus::{DeadMap, DeadProperty};
use redb::{Database, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition};

const TABLE: TableDefinition<&str, &[u8]> = TableDefinition::new("dead-properties");

/// The database, shared by every request.
pub struct Store {
    db: Database,
}

/// What can go wrong in the store: answered 500 (507 when the disk is full would be better,
/// but redb does not say which).
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

impl Store {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let db = Database::create(path)?;
        // The table exists from the start, so a read never meets a missing table.
        let txn = db.begin_write()?;
        txn.open_table(TABLE)?;
        txn.commit()?;
        Ok(Self { db })
    }

    /// A consistent view of the store, for one request.
    pub fn read(&self) -> Result<Reader, StoreError> {
        let txn = self.db.begin_read()?;
        Ok(Reader { txn })
    }

    /// Runs `change` on a copy of the properties of `key` and keeps the copy, durably, when
    /// it returns `true` (PROPPATCH is all or nothing).
    pub fn update<R>(
        &self,
        key: &str,
        change: impl FnOnce(&mut DeadMap) -> (bool, R),
    ) -> Result<R, StoreError> {
        let txn = self.db.begin_write()?;
        let result = {
            let mut table = txn.open_table(TABLE)?;
            let mut map = match table.get(key)? {
                Some(value) => decode(value.value())?,
                None => DeadMap::new(),
            };
            let (keep, result) = change(&mut map);
            if !keep {
                return Ok(result);
            }
            if map.is_empty() {
                table.remove(key)?;
            } else {
                table.insert(key, encode(&map).as_slice())?;
            }
            result
        };
        txn.commit()?;
        Ok(result)
    }

    /// Copies the properties of `from` and (`whole_tree`) everything under it to `to`,
    /// replacing what was stored for `to` and under it.
    pub fn copy_tree(&self, from: &str, to: &str, whole_tree: bool) -> Result<(), StoreError> {
        self.transfer(from, to, false, whole_tree)
    }

    /// Moves the properties of `from` and everything under it to `to`, replacing what was
    /// stored for `to` and under it.
    pub fn move_tree(&self, from: &str, to: &str) -> Result<(), StoreError> {
        self.transfer(from, to, true, true)
    }

    /// Forgets the properties of `key` and everything under it.
    pub fn delete_tree(&self, key: &str) -> Result<(), StoreError> {
        // Most deletions have no properties to forget: a read costs no fsync.
        if !self.read()?.any_in_tree(key)? {
            return Ok(());
        }
        let txn = self.db.begin_write()?;
        {
            let mut table = txn.open_table(TABLE)?;
            remove_tree(&mut table, key)?;
        }
        txn.commit()?;
        Ok(())
    }

    /// Forgets the properties under `key` (and of `key`) whose resource no longer exists in
    /// `root`: after a DELETE that removed part of a tree.
    pub fn retain_existing(&self, key: &str, root: &Path) -> Result<(), StoreError> {
        let txn = self.db.begin_write()?;
        {
            let mut table = txn.open_table(TABLE)?;
            for range in subtree(key) {
                table.retain_in(borrowed(&range), |key, _| {
                    root.join(key).symlink_metadata().is_ok()
                })?;
            }
        }
        txn.commit()?;
        Ok(())
    }

    fn transfer(
        &self,
        from: &str,
        to: &str,
        remove_source: bool,
        whole_tree: bool,
    ) -> Result<(), StoreError> {
        let read = self.read()?;
        if !read.any_in_tree(from)? && !read.any_in_tree(to)? {
            return Ok(());
        }
        let txn = self.db.begin_write()?;
        {
            let mut table = txn.open_table(TABLE)?;
            let mut rows = Vec::new();
            let mut ranges = subtree(from);
            if !whole_tree {
                ranges.truncate(1);
            }
            for range in ranges {
                for row in table.range(borrowed(&range))? {
                    let (key, value) = row?;
                    let rest = &key.value()[from.len()..];
                    rows.push((format!("{to}{rest}"), value.value().to_vec()));
                }
            }
            if remove_source {
                remove_tree(&mut table, from)?;
            }
            remove_tree(&mut table, to)?;
            for (key, value) in &rows {
                table.insert(key.as_str(), value.as_slice())?;
            }
        }
        txn.commit()?;
        Ok(())
    }
}

/// A read transaction: what PROPFIND reads, consistent for the whole answer.
pub struct Reader {
    txn: ReadTransaction,
}

impl Reader {
    /// The dead properties of `key`, if it has any.
    pub fn get(&self, key: &str) -> Result<Option<DeadMap>, StoreError> {
        let table = self.txn.open_table(TABLE)?;
        let value = table.get(key)?;
        value.map(|v| decode(v.value())).transpose()
    }

    /// Whether `key` or anything under it has dead properties.
    pub fn any_in_tree(&self, key: &str) -> Result<bool, StoreError> {
        let table = self.txn.open_table(TABLE)?;
        for range in subtree(key) {
            if table.range(borrowed(&range))?.next().is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether anything under `key` (not `key` itself) has dead properties: a listing
    /// skips the lookups of its members when nothing does.
    pub fn any_below(&self, key: &str) -> Result<bool, StoreError> {
        let table = self.txn.open_table(TABLE)?;
        Ok(table.range(borrowed(&below(key)))?.next().is_some())
    }
}

/// A range of keys.
type Range = (Bound<String>, Bound<String>);

/// The key ranges of `key` and of everything under it: `key` itself and
/// `[key + "/", key + "0")` (`0` follows `/`), or every key for the root.
fn subtree(key: &str) -> Vec<Range> {
    if key.is_empty() {
        return vec![(Bound::Unbounded, Bound::Unbounded)];
    }
    let itself = Bound::Included(key.to_owned());
    vec![(itself.clone(), itself), below(key)]
}

/// The key range of everything under `key`.
fn below(key: &str) -> Range {
    if key.is_empty() {
        return (Bound::Excluded(String::new()), Bound::Unbounded);
    }
    (
        Bound::Included(format!("{key}/")),
        Bound::Excluded(format!("{key}0")),
    )
}

fn borrowed(range: &Range) -> (Bound<&str>, Bound<&str>) {
    (
        range.0.as_ref().map(String::as_str),
        range.1.as_ref().map(String::as_str),
    )
}

fn remove_tree(table: &mut redb::Table<&str, &[u8]>, key: &str) -> Result<(), StoreError> {
    for range in subtree(key) {
        table.retain_in(borrowed(&range), |_, _| false)?;
    }
    Ok(())
}

/// Each property's XML, preceded by its length (4 bytes, little-endian).
fn encode(map: &DeadMap) -> Vec<u8> {
    let mut out = Vec::new();
    for property in map {
        let xml = property.xml().as_bytes();
        out.extend_from_slice(&u32::try_from(xml.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(xml);
    }
    out
}

fn decode(mut bytes: &[u8]) -> Result<DeadMap, StoreError> {
    let mut map = DeadMap::new();
    while let Some((len, rest)) = bytes.split_first_chunk::<4>() {
        let len = u32::from_le_bytes(*len) as usize;
        let xml = rest.get(..len).ok_or("a stored property is cut short")?;
        map.insert(DeadProperty::parse(std::str::from_utf8(xml)?)?);
        bytes = &rest[len..];
    }
    Ok(map)
}
