//! Events as the API stores them, and client-go's recorder (`tools/record`, `EventCorrelator`) that turns
//! individual occurrences into them (k8s-semantics.md §10.4).

use crate::time::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

/// One core/v1 Event about the pod, after aggregation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `Normal` or `Warning`.
    pub type_: String,
    /// CamelCase reason, e.g. `BackOff`.
    pub reason: String,
    /// `source.component`: `kubelet`, `default-scheduler`, …
    pub from: String,
    /// `involvedObject.fieldPath`, e.g. `spec.containers{app}`; `None` for pod-level events.
    pub field_path: Option<String>,
    /// The message.
    pub message: String,
    /// `firstTimestamp`.
    pub first: Timestamp,
    /// `lastTimestamp`.
    pub last: Timestamp,
    /// `count`.
    pub count: u32,
}

/// One emission of an event by a component, before aggregation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// When it was emitted.
    pub time: Timestamp,
    /// `Normal` or `Warning`.
    pub type_: String,
    /// Reason.
    pub reason: String,
    /// Emitting component.
    pub from: String,
    /// Container field path, if any.
    pub field_path: Option<String>,
    /// Message.
    pub message: String,
}

/// More than this many distinct messages for one (source, object, type, reason) are combined.
pub const AGGREGATE_MAX_EVENTS: usize = 10;
/// The window, in ms, in which similar events are counted.
pub const AGGREGATE_INTERVAL_MS: i64 = 600_000;
/// Spam filter burst per source and object.
pub const SPAM_BURST: i64 = 25;
/// Spam filter refill: one token per this many ms.
pub const SPAM_REFILL_MS: i64 = 300_000;
/// Prefix of a combined event's message.
pub const COMBINED_PREFIX: &str = "(combined from similar events): ";

/// Groups identical occurrences (same from, field path, type, reason, message) into events with
/// count / first / last, without the similar-event combining and spam filter of [`aggregate`].
pub fn aggregate_identical(occurrences: &[Occurrence]) -> Vec<Event> {
    let mut sorted: Vec<&Occurrence> = occurrences.iter().collect();
    crate::sort::by_key(&mut sorted, |o| o.time);
    let mut index: BTreeMap<(String, Option<String>, String, String, String), usize> = BTreeMap::new();
    let mut out: Vec<Event> = Vec::new();
    for o in sorted {
        let key =
            (o.from.clone(), o.field_path.clone(), o.type_.clone(), o.reason.clone(), o.message.clone());
        match index.get(&key) {
            Some(&i) => {
                out[i].count += 1;
                out[i].last = o.time;
            }
            None => {
                index.insert(key, out.len());
                out.push(new_event(o, o.message.clone()));
            }
        }
    }
    out
}

fn new_event(o: &Occurrence, message: String) -> Event {
    Event {
        type_: o.type_.clone(),
        reason: o.reason.clone(),
        from: o.from.clone(),
        field_path: o.field_path.clone(),
        message,
        first: o.time,
        last: o.time,
        count: 1,
    }
}

/// What aggregation reads of one occurrence, borrowed (the trace's events need not be copied into
/// [`Occurrence`]s to be aggregated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OccurrenceRef<'a> {
    /// When it was emitted.
    pub time: Timestamp,
    /// `Normal` or `Warning`.
    pub type_: &'a str,
    /// Reason.
    pub reason: &'a str,
    /// Emitting component.
    pub from: &'a str,
    /// Container field path, if any.
    pub field_path: Option<&'a str>,
    /// Message.
    pub message: &'a str,
}

impl<'a> From<&'a Occurrence> for OccurrenceRef<'a> {
    fn from(o: &'a Occurrence) -> Self {
        OccurrenceRef {
            time: o.time,
            type_: &o.type_,
            reason: &o.reason,
            from: &o.from,
            field_path: o.field_path.as_deref(),
            message: &o.message,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CacheKey<'a> {
    /// `getEventKey`: everything including field path and message.
    Event(&'a str, Option<&'a str>, &'a str, &'a str, &'a str),
    /// `EventAggregatorByReasonFunc`'s aggregate key: no field path, no message.
    Aggregate(&'a str, &'a str, &'a str),
}

/// An event as the recorder's cache holds it; its strings are built only for the events returned.
#[derive(Debug, Clone, Copy)]
struct Cached<'a> {
    /// The occurrence that created the entry (type, reason, source, field path).
    first_occ: OccurrenceRef<'a>,
    message: &'a str,
    combined: bool,
    first: Timestamp,
    last: Timestamp,
    count: u32,
}

impl Cached<'_> {
    fn event(&self) -> Event {
        let o = &self.first_occ;
        Event {
            type_: o.type_.to_string(),
            reason: o.reason.to_string(),
            from: o.from.to_string(),
            field_path: o.field_path.map(str::to_string),
            message: if self.combined {
                format!("{COMBINED_PREFIX}{}", self.message)
            } else {
                self.message.to_string()
            },
            first: self.first,
            last: self.last,
            count: self.count,
        }
    }
}

struct Bucket {
    /// Token credit in ms (one token = [`SPAM_REFILL_MS`]).
    credit: i64,
    at: Timestamp,
}

/// client-go's `EventCorrelator` applied to a pod's occurrences, in time order (ties keep input order):
///
/// 1. aggregation: from the 10th distinct message with the same (source, type, reason) within 600 s,
///    occurrences become one event whose message is `(combined from similar events): <latest>`;
/// 2. deduplication: identical events update one Event (count++, lastTimestamp, message);
/// 3. spam filter: a token bucket per source, object and type (burst 25, one token per 300 s) drops
///    API writes; the recorder's cache still counts them, so the next write carries the full count.
///
/// Go evicts an arbitrary message from the aggregation set when it is full; we evict the smallest, to
/// stay deterministic [INF]. Including the type in the spam key follows recent client-go [INF].
/// Events come back in the order the API created them.
pub fn aggregate(occurrences: &[Occurrence]) -> Vec<Event> {
    aggregate_refs(occurrences.iter().map(OccurrenceRef::from))
}

/// [`aggregate`] over borrowed occurrences.
pub fn aggregate_refs<'a>(occurrences: impl IntoIterator<Item = OccurrenceRef<'a>>) -> Vec<Event> {
    let mut sorted: Vec<OccurrenceRef<'a>> = occurrences.into_iter().collect();
    // Stable, and linear on the (usual) input already in time order.
    crate::sort::by_key(&mut sorted, |o| o.time);

    type AggKey<'a> = (&'a str, &'a str, &'a str);
    let mut agg: BTreeMap<AggKey<'a>, (BTreeSet<&'a str>, Timestamp)> = BTreeMap::new();
    let mut cache: BTreeMap<CacheKey<'a>, Cached<'a>> = BTreeMap::new();
    let mut api_index: BTreeMap<CacheKey<'a>, usize> = BTreeMap::new();
    let mut api: Vec<Cached<'a>> = Vec::new();
    let mut spam: BTreeMap<(&'a str, &'a str), Bucket> = BTreeMap::new();

    for o in sorted {
        let akey = (o.from, o.type_, o.reason);
        let record = agg.entry(akey).or_insert_with(|| (BTreeSet::new(), o.time));
        if o.time.millis_since(record.1) > AGGREGATE_INTERVAL_MS {
            record.0.clear();
        }
        record.0.insert(o.message);
        record.1 = o.time;
        let (key, combined) = if record.0.len() < AGGREGATE_MAX_EVENTS {
            (CacheKey::Event(o.from, o.field_path, o.type_, o.reason, o.message), false)
        } else {
            record.0.pop_first();
            (CacheKey::Aggregate(akey.0, akey.1, akey.2), true)
        };

        let observed = match cache.get_mut(&key) {
            Some(e) => {
                e.count += 1;
                e.last = o.time;
                e.message = o.message;
                e.combined = combined;
                *e
            }
            None => {
                let e = Cached {
                    first_occ: o,
                    message: o.message,
                    combined,
                    first: o.time,
                    last: o.time,
                    count: 1,
                };
                cache.insert(key, e);
                e
            }
        };

        let bucket = spam
            .entry((o.from, o.type_))
            .or_insert(Bucket { credit: SPAM_BURST * SPAM_REFILL_MS, at: o.time });
        bucket.credit = bucket
            .credit
            .saturating_add(o.time.millis_since(bucket.at).max(0))
            .min(SPAM_BURST * SPAM_REFILL_MS);
        bucket.at = o.time;
        if bucket.credit < SPAM_REFILL_MS {
            continue;
        }
        bucket.credit -= SPAM_REFILL_MS;

        match api_index.get(&key) {
            Some(&i) => api[i] = observed,
            None => {
                api_index.insert(key, api.len());
                api.push(observed);
            }
        }
    }
    api.iter().map(Cached::event).collect()
}
