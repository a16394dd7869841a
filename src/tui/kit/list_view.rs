//! The state behind every list on screen: which items pass the filter, in which order,
//! which one is selected and which window of them is on screen.
//!
//! Lists can be long (a round of 100,000 applications), so the work per keystroke is kept
//! small: every item has a lower-case search key made once; a filter that only grew
//! narrows the previous result instead of scanning everything again; sorting permutes
//! indices, never items; and only the visible window is ever drawn.

use std::cell::Cell;
use std::cmp::Ordering;
use std::ops::Range;

#[derive(Debug, Default)]
pub struct ListView {
    /// Lower-case text a filter is matched against, one per item.
    keys: Vec<String>,
    /// Every item, in display order.
    order: Vec<u32>,
    /// The items that pass the filter, in display order.
    visible: Vec<u32>,
    /// The lower-cased filter that `visible` reflects.
    applied: String,
    /// Index into `visible`.
    selected: usize,
    /// First visible row on screen. Kept in a cell because drawing decides it: only the
    /// renderer knows how tall the list is.
    offset: Cell<usize>,
    /// Rows on screen at the last draw, for paging.
    page: Cell<usize>,
}

impl ListView {
    pub fn new(keys: Vec<String>) -> ListView {
        let order: Vec<u32> = (0..keys.len() as u32).collect();
        ListView {
            visible: order.clone(),
            keys,
            order,
            page: Cell::new(10),
            ..ListView::default()
        }
    }

    /// Items passing the filter.
    pub fn len(&self) -> usize {
        self.visible.len()
    }

    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }

    /// All items, filtered or not.
    pub fn total(&self) -> usize {
        self.keys.len()
    }

    pub fn selected_index(&self) -> Option<usize> {
        (!self.visible.is_empty()).then_some(self.selected)
    }

    /// The selected item (an index into the caller's items).
    pub fn selected(&self) -> Option<usize> {
        self.visible.get(self.selected).map(|&i| i as usize)
    }

    /// The item shown at a row of the filtered list.
    pub fn item_at(&self, row: usize) -> usize {
        self.visible[row] as usize
    }

    /// The search key of an item.
    pub fn key(&self, item: usize) -> &str {
        &self.keys[item]
    }

    /// Selects `item` if it passes the filter; returns whether it does.
    pub fn select_item(&mut self, item: usize) -> bool {
        match self.visible.iter().position(|&i| i as usize == item) {
            Some(row) => {
                self.selected = row;
                true
            }
            None => false,
        }
    }

    /// Selects `item` if it passes the filter; otherwise the row at `row` (the item that
    /// took the place of one that left the list), or the last row if the list got shorter.
    pub fn select_item_or_row(&mut self, item: Option<usize>, row: Option<usize>) {
        if item.is_some_and(|i| self.select_item(i)) {
            return;
        }
        if let Some(row) = row
            && !self.visible.is_empty()
        {
            self.selected = row.min(self.visible.len() - 1);
        }
    }

    /// Sets a new display order (a permutation of the items), keeping the selection on the
    /// same item.
    pub fn set_order(&mut self, order: Vec<u32>) {
        debug_assert_eq!(order.len(), self.keys.len());
        let keep = self.selected();
        self.order = order;
        let filter = std::mem::take(&mut self.applied);
        self.refilter_from_all(&filter);
        self.applied = filter;
        self.reselect(keep);
    }

    /// Replaces one item's search key (after its data changed). The item stays where it is
    /// until the filter changes, so that the row a coordinator just edited does not jump away.
    pub fn set_key(&mut self, item: usize, key: String) {
        self.keys[item] = key;
    }

    /// Moves items whose data changed to where the display order puts them now, and in or
    /// out of the filtered rows, keeping the selection on the same item. `cmp` is the
    /// display order, given the search keys; every other item must still be in it. A few
    /// changed rows in a long list cost a search each, not a sort of the whole list.
    pub fn reposition(&mut self, items: &[usize], cmp: impl Fn(&[String], u32, u32) -> Ordering) {
        let keep = self.selected();
        let moved = |i: &u32| items.contains(&(*i as usize));
        self.order.retain(|i| !moved(i));
        self.visible.retain(|i| !moved(i));
        let words: Vec<String> = self.applied.split_whitespace().map(str::to_owned).collect();
        for &item in items {
            let item = item as u32;
            let keys = &self.keys;
            let at = self
                .order
                .partition_point(|&o| cmp(keys, o, item) == Ordering::Less);
            self.order.insert(at, item);
            if words
                .iter()
                .all(|w| keys[item as usize].contains(w.as_str()))
            {
                let at = self
                    .visible
                    .partition_point(|&o| cmp(keys, o, item) == Ordering::Less);
                self.visible.insert(at, item);
            }
        }
        self.reselect(keep);
    }

    /// Shows only the items whose key contains every word of `text`, ignoring case.
    pub fn set_filter(&mut self, text: &str) {
        let filter = text.to_lowercase();
        if filter == self.applied {
            return;
        }
        let keep = self.selected();
        if filter.starts_with(self.applied.as_str()) {
            // Each word of a longer filter contains the matching word of the shorter one,
            // so the items it passes are among those the shorter one passed.
            let words: Vec<&str> = filter.split_whitespace().collect();
            let keys = &self.keys;
            self.visible
                .retain(|&i| words.iter().all(|w| keys[i as usize].contains(w)));
        } else {
            self.refilter_from_all(&filter);
        }
        self.applied = filter;
        self.reselect(keep);
    }

    pub fn filter(&self) -> &str {
        &self.applied
    }

    fn refilter_from_all(&mut self, filter: &str) {
        let words: Vec<&str> = filter.split_whitespace().collect();
        if words.is_empty() {
            self.visible.clone_from(&self.order);
        } else {
            let keys = &self.keys;
            self.visible = self
                .order
                .iter()
                .copied()
                .filter(|&i| words.iter().all(|w| keys[i as usize].contains(w)))
                .collect();
        }
    }

    fn reselect(&mut self, item: Option<usize>) {
        // The scroll offset stays: drawing brings the selection into view, and a caller
        // that selects a row near where the old one was keeps the list where it was.
        if !item.is_some_and(|i| self.select_item(i)) {
            self.selected = 0;
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    pub fn bottom(&mut self) {
        self.selected = self.visible.len().saturating_sub(1);
    }

    pub fn page(&self) -> isize {
        self.page.get().max(1) as isize
    }

    /// The rows to draw in a list `height` rows tall, scrolled so the selection shows.
    pub fn window(&self, height: usize) -> Range<usize> {
        let len = self.visible.len();
        let height = height.max(1);
        self.page.set(height);
        let mut offset = self.offset.get();
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        // Do not leave empty rows below the last item when the list could fill them.
        offset = offset.min(len.saturating_sub(height));
        self.offset.set(offset);
        offset..(offset + height).min(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(words: &[&str]) -> ListView {
        ListView::new(words.iter().map(|w| w.to_lowercase()).collect())
    }

    fn shown(l: &ListView) -> Vec<usize> {
        (0..l.len()).map(|r| l.item_at(r)).collect()
    }

    #[test]
    fn filters_narrow_and_widen() {
        let mut l = list(&["Ana López AR", "Tom Smith AU", "Anahí Díaz AR", "Li Wei CN"]);
        l.set_filter("an");
        assert_eq!(shown(&l), vec![0, 2]);
        l.set_filter("ana");
        assert_eq!(shown(&l), vec![0, 2]);
        l.set_filter("ana d");
        assert_eq!(shown(&l), vec![2]);
        l.set_filter("a");
        assert_eq!(shown(&l), vec![0, 1, 2]);
        l.set_filter("AU");
        assert_eq!(shown(&l), vec![1]);
        l.set_filter("");
        assert_eq!(l.len(), 4);
    }

    #[test]
    fn changed_items_move_to_their_place() {
        let mut l = list(&["d", "b", "a", "c"]);
        let by_key = |keys: &[String], a: u32, b: u32| {
            keys[a as usize].cmp(&keys[b as usize]).then(a.cmp(&b))
        };
        let mut order: Vec<u32> = (0..4).collect();
        order.sort_by(|&a, &b| by_key(&l.keys, a, b));
        l.set_order(order);
        l.set_filter("a");
        assert_eq!(shown(&l), vec![2]);
        l.set_filter("");
        l.select_item(1);
        l.set_key(1, "z".into());
        l.set_key(0, "aa".into());
        l.reposition(&[1, 0], by_key);
        assert_eq!(shown(&l), vec![2, 0, 3, 1]);
        assert_eq!(l.selected(), Some(1));
        l.set_filter("a");
        l.set_key(3, "ab".into());
        l.reposition(&[3], by_key);
        assert_eq!(shown(&l), vec![2, 0, 3]);
    }

    /// Moving a few changed items agrees with sorting and filtering everything again, over
    /// many random lists: either direction, any filter, the selection among the changed.
    #[test]
    fn repositioning_agrees_with_a_full_sort() {
        let mut seed: u64 = 12345;
        let mut random = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let by = |descending: bool, column: Vec<u8>| {
            move |_: &[String], a: u32, b: u32| {
                let (a, b) = if descending { (b, a) } else { (a, b) };
                column[a as usize].cmp(&column[b as usize]).then(a.cmp(&b))
            }
        };
        let sorted = |keys: &[String], column: &[u8], descending: bool, filter: &str| {
            let mut l = ListView::new(keys.to_vec());
            let mut order: Vec<u32> = (0..keys.len() as u32).collect();
            let cmp = by(descending, column.to_vec());
            order.sort_by(|&a, &b| cmp(keys, a, b));
            l.set_order(order);
            l.set_filter(filter);
            l
        };
        let words = ["ab", "bc", "ca", "aa", "cc"];
        for _ in 0..3000 {
            let n = 1 + random(12) as usize;
            let descending = random(2) == 1;
            let mut column: Vec<u8> = (0..n).map(|_| random(4) as u8).collect();
            let mut keys: Vec<String> = (0..n)
                .map(|_| words[random(5) as usize].to_string())
                .collect();
            let filter = ["", "a", "c", "b"][random(4) as usize];
            let mut l = sorted(&keys, &column, descending, filter);
            if !l.is_empty() {
                l.move_by(random(n as u64) as isize);
            }
            let selected = l.selected();
            let mut changed: Vec<usize> = Vec::new();
            for _ in 0..random(4) + 1 {
                let i = random(n as u64) as usize;
                if !changed.contains(&i) {
                    changed.push(i);
                }
            }
            for &i in &changed {
                column[i] = random(4) as u8;
                keys[i] = words[random(5) as usize].to_string();
                l.set_key(i, keys[i].clone());
            }
            l.reposition(&changed, by(descending, column.clone()));
            let mut expected = sorted(&keys, &column, descending, filter);
            assert_eq!(shown(&l), shown(&expected), "{changed:?}");
            assert_eq!(l.order, expected.order);
            if let Some(s) = selected.filter(|&s| expected.visible.contains(&(s as u32))) {
                assert_eq!(l.selected(), Some(s));
            }
            let narrower = format!("{filter}a");
            l.set_filter(&narrower);
            expected.set_filter(&narrower);
            assert_eq!(shown(&l), shown(&expected));
        }
    }

    #[test]
    fn selection_follows_its_item() {
        let mut l = list(&["b", "a", "c"]);
        l.move_by(2);
        assert_eq!(l.selected(), Some(2));
        l.set_order(vec![1, 0, 2]);
        assert_eq!(l.selected(), Some(2));
        l.set_filter("a");
        assert_eq!(l.selected(), Some(1), "falls back to the first match");
        l.set_filter("zzz");
        assert_eq!(l.selected(), None);
        l.move_by(1);
        l.bottom();
        assert_eq!(l.selected(), None);
    }

    #[test]
    fn an_item_that_left_the_list_leaves_the_selection_on_the_row_that_took_its_place() {
        let mut l = ListView::new((0..30).map(|i| format!("item {i}")).collect());
        l.set_filter("item");
        l.move_by(20);
        assert_eq!(l.window(10), 11..21);
        // Item 20 no longer passes the filter: item 21 takes its row.
        l.set_key(20, "gone".into());
        l.set_order((0..30).collect());
        l.select_item_or_row(Some(20), Some(20));
        assert_eq!(l.selected(), Some(21));
        assert_eq!(l.window(10), 11..21, "the list does not scroll away");
        // The last row left: the new last one.
        l.bottom();
        l.set_key(29, "gone".into());
        l.set_order((0..30).collect());
        l.select_item_or_row(Some(29), Some(28));
        assert_eq!(l.selected(), Some(28));
        // An item still there stays selected wherever it went.
        l.set_order((0..30).rev().collect());
        l.select_item_or_row(Some(28), Some(0));
        assert_eq!(l.selected(), Some(28));
    }

    #[test]
    fn window_keeps_the_selection_in_view() {
        let mut l = ListView::new((0..100).map(|i| i.to_string()).collect());
        assert_eq!(l.window(10), 0..10);
        l.move_by(15);
        assert_eq!(l.window(10), 6..16);
        l.move_by(-10);
        assert_eq!(l.window(10), 5..15);
        l.bottom();
        assert_eq!(l.window(10), 90..100);
        l.set_filter("9");
        assert!(l.window(10).end <= l.len());
        assert_eq!(l.window(0).len(), 1.min(l.len()));
    }
}
