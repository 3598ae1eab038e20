//! Reading every page of a query, safely against servers that page wrongly.

use std::borrow::Cow;
use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use scim_core::ListResponse;
use serde::de::DeserializeOwned;

use crate::client::{Client, list_request};
use crate::error::{Error, PagingError};
use crate::request::ListQuery;
use crate::response::{self, IdProbe};
use crate::transport::{HttpResponse, Transport};

type PageFuture<'c> = Pin<Box<dyn Future<Output = Result<HttpResponse, Error>> + Send + 'c>>;

/// Every resource of a query, fetched page by page as they are consumed.
///
/// From [`Resources::pages`](crate::Resources::pages) (`GET`) or
/// [`Resources::search_pages`](crate::Resources::search_pages)
/// (`POST /.search`). Read it with [`Pager::next`], [`Pager::next_page`],
/// [`Pager::try_collect`], or as a [`futures_core::Stream`].
///
/// # What it guarantees
///
/// Each resource is yielded once, or the pager stops with an error; it
/// never loops forever. It is built for servers that page wrongly:
///
/// * **Index pagination** (RFC 7644 §3.4.2.4). The first request sends
///   `count` and no `startIndex`, so a server counting from 0 starts at its
///   first resource too; the base is taken from the `startIndex` it
///   reports. Each next request starts one resource before the end of what
///   was received (advancing by the number of resources actually returned,
///   not by `count` or `itemsPerPage`), and the repeated resource, found by
///   `id`, is dropped: whether the server counts from 1 or from 0, nothing
///   is skipped. `totalResults` is never trusted alone: paging goes on
///   until a page brings nothing new.
/// * **Resources deleted while paging.** When `totalResults` drops from
///   one page to the next, resources were deleted; if they came before
///   the page's start, the server's indexes moved up and the page began
///   past resources never received. The pager then asks again from as
///   many indexes back as results were lost (at most one page) and drops
///   what it already has, so a caller that deletes what it reads, or
///   another client deleting at the same time, does not make it skip
///   resources. Those found again come later than in the server's order.
///   A shift that leaves `totalResults` unchanged (as many created as
///   deleted) cannot be seen; cursor pagination has no such gap.
/// * **Cursor pagination** (RFC 9865). When a response carries
///   `nextCursor`, the next request sends it as `cursor` (and no
///   `startIndex`); paging ends when a response has none. Use
///   [`Pager::cursor`] to ask for cursor pagination from the first page.
/// * Resources already yielded are dropped by `id`. A non-empty page with
///   nothing new means the server ignores `startIndex` (or repeats a
///   cursor): the pager stops with [`PagingError::RepeatedPage`], unless
///   `totalResults` confirms that everything was already received and
///   either the repeated page is no longer than the server could have
///   sent from the requested index (a longer one proves `startIndex` was
///   ignored, so its total is not believed either), or the page before it
///   was not a full page of `count` resources: shorter (the end of the
///   list) or longer (a server that ignores `count` and `startIndex` and
///   sends everything at once). A
///   cursor returned unchanged stops it with
///   [`PagingError::RepeatedCursor`].
/// * At most [`max_pages`](crate::ClientBuilder::max_pages) pages are
///   fetched ([`PagingError::TooManyPages`]).
///
/// After an error the pager is finished: `next` returns `None`.
///
/// # Example
///
/// ```no_run
/// # async fn run<T: scim_client::transport::Transport>(client: scim_client::Client<T>) -> Result<(), scim_client::Error> {
/// use scim_client::ListQuery;
///
/// let mut users = client.users().pages(ListQuery::new().filter("active eq true").count(200));
/// while let Some(user) = users.next().await {
///     let user = user?;
///     println!("{}", user.user_name);
/// }
/// # Ok(()) }
/// ```
pub struct Pager<'c, T, R> {
    client: &'c Client<T>,
    endpoint: Cow<'static, str>,
    query: ListQuery,
    post: bool,
    page_size: u64,
    max_pages: u64,
    mode: Mode,
    buffer: std::vec::IntoIter<R>,
    in_flight: Option<PageFuture<'c>>,
    seen: HashSet<u64>,
    pages: u64,
    yielded: u64,
    total: Option<u64>,
    /// The end (exclusive) of the server indexes already read, once pages
    /// are read again after deletions.
    covered_to: Option<u64>,
    /// The last page held fewer resources than asked for (the end of the
    /// list), or more (the server ignores `count` and sent everything).
    not_full: bool,
    done: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Mode {
    /// Index pagination. `next` is the server index of the first resource
    /// not yet received (`None` before the first page); `overlap` is the id
    /// hash of the last resource received, re-requested for alignment.
    Index {
        next: Option<u64>,
        overlap: Option<u64>,
    },
    /// Cursor pagination, with the cursor to send.
    Cursor { cursor: String },
}

impl Mode {
    /// The `startIndex` the next page is asked for with: `next`, or the
    /// one before it when the last resource is re-requested. `None` for
    /// the first page and for cursor pagination.
    fn requested_start(&self) -> Option<u64> {
        match self {
            Mode::Index {
                next: Some(next),
                overlap,
            } => Some(if overlap.is_some() {
                next.saturating_sub(1)
            } else {
                *next
            }),
            _ => None,
        }
    }
}

// The pager holds its in-flight request boxed; nothing in it is
// address-sensitive.
impl<T, R> Unpin for Pager<'_, T, R> {}

impl<T, R> fmt::Debug for Pager<'_, T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("endpoint", &self.endpoint)
            .field("query", &self.query)
            .field("post", &self.post)
            .field("mode", &self.mode)
            .field("pages", &self.pages)
            .field("yielded", &self.yielded)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<'c, T, R> Pager<'c, T, R>
where
    T: Transport,
    R: DeserializeOwned,
{
    pub(crate) fn new(
        client: &'c Client<T>,
        endpoint: Cow<'static, str>,
        mut query: ListQuery,
        post: bool,
    ) -> Pager<'c, T, R> {
        let page_size = query.count_value().unwrap_or(client.page_size()).max(1);
        let mode = match query.cursor_value() {
            Some(cursor) => Mode::Cursor {
                cursor: cursor.to_owned(),
            },
            None => Mode::Index {
                next: query.start_index_value(),
                overlap: None,
            },
        };
        query.set_start_index(None);
        query.set_cursor(None);
        Pager {
            client,
            endpoint,
            query,
            post,
            page_size,
            max_pages: client.max_pages(),
            mode,
            buffer: Vec::new().into_iter(),
            in_flight: None,
            seen: HashSet::new(),
            pages: 0,
            yielded: 0,
            total: None,
            not_full: false,
            covered_to: None,
            done: false,
        }
    }

    /// Asks for cursor pagination (RFC 9865) from the first page, with an
    /// empty `cursor`. Only before the first page is fetched.
    pub fn cursor(mut self) -> Pager<'c, T, R> {
        if self.pages == 0 {
            self.mode = Mode::Cursor {
                cursor: String::new(),
            };
        }
        self
    }

    /// The page size asked for (`count`). Defaults to the query's `count`,
    /// else the client's [`page_size`](crate::ClientBuilder::page_size).
    pub fn page_size(mut self, size: u64) -> Pager<'c, T, R> {
        self.page_size = size.max(1);
        self
    }

    /// The most pages fetched. Defaults to the client's
    /// [`max_pages`](crate::ClientBuilder::max_pages).
    pub fn max_pages(mut self, pages: u64) -> Pager<'c, T, R> {
        self.max_pages = pages.max(1);
        self
    }

    /// How many pages have been fetched.
    pub fn pages_fetched(&self) -> u64 {
        self.pages
    }

    /// The `totalResults` of the last page, for progress reports only: the
    /// pager itself does not rely on it, since servers get it wrong.
    pub fn total_results(&self) -> Option<u64> {
        self.total
    }

    /// The next resource, fetching a page when needed; `None` at the end.
    ///
    /// # Errors
    ///
    /// A request error, or a [`PagingError`]; the pager is then finished.
    pub async fn next(&mut self) -> Option<Result<R, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// The rest of the current page, or the next page; `None` at the end.
    ///
    /// Pages may come out shorter than the server's pages: resources
    /// already yielded are dropped.
    ///
    /// # Errors
    ///
    /// As [`next`](Pager::next).
    pub async fn next_page(&mut self) -> Option<Result<Vec<R>, Error>> {
        if self.buffer.len() == 0 {
            match std::future::poll_fn(|cx| self.poll_fill(cx)).await {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
        let page: Vec<R> = self.buffer.by_ref().collect();
        self.yielded = self.yielded.saturating_add(page.len() as u64);
        Some(Ok(page))
    }

    /// Every remaining resource.
    ///
    /// # Errors
    ///
    /// As [`next`](Pager::next); the resources read before the error are
    /// dropped.
    pub async fn try_collect(mut self) -> Result<Vec<R>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await {
            all.extend(page?);
        }
        Ok(all)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<R, Error>>> {
        if let Some(item) = self.buffer.next() {
            self.yielded = self.yielded.saturating_add(1);
            return Poll::Ready(Some(Ok(item)));
        }
        match self.poll_fill(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
            Poll::Ready(Ok(false)) => Poll::Ready(None),
            Poll::Ready(Ok(true)) => match self.buffer.next() {
                Some(item) => {
                    self.yielded = self.yielded.saturating_add(1);
                    Poll::Ready(Some(Ok(item)))
                }
                None => Poll::Ready(None),
            },
        }
    }

    /// Fetches pages until one brings something new (`true`) or the end
    /// is reached (`false`).
    fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<Result<bool, Error>> {
        loop {
            if self.done {
                return Poll::Ready(Ok(false));
            }
            let future = match self.in_flight.as_mut() {
                Some(future) => future,
                None => {
                    if self.pages >= self.max_pages {
                        self.done = true;
                        return Poll::Ready(Err(PagingError::TooManyPages {
                            max_pages: self.max_pages,
                        }
                        .into()));
                    }
                    let future = self.request();
                    self.in_flight.insert(future)
                }
            };
            let result = match future.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => result,
            };
            self.in_flight = None;
            self.pages = self.pages.saturating_add(1);
            match result.and_then(|response| self.accept(&response)) {
                Ok(true) => return Poll::Ready(Ok(true)),
                Ok(false) => {}
                Err(e) => {
                    self.done = true;
                    return Poll::Ready(Err(e));
                }
            }
        }
    }

    fn request(&self) -> PageFuture<'c> {
        let mut query = self.query.clone();
        query.set_count(Some(self.page_size));
        match &self.mode {
            Mode::Index { .. } => query.set_start_index(self.mode.requested_start()),
            Mode::Cursor { cursor } => query.set_cursor(Some(cursor.clone())),
        }
        let client = self.client;
        let endpoint = self.endpoint.clone();
        let post = self.post;
        Box::pin(async move { list_request(client, &endpoint, &query, post).await })
    }

    /// Takes one page in. `Ok(true)` when it brought new resources,
    /// `Ok(false)` when paging goes on (or ended: see `done`).
    fn accept(&mut self, response: &HttpResponse) -> Result<bool, Error> {
        let page: ListResponse<R> = response::decode(response)?;
        // Ids to recognise resources already yielded. A body that decoded
        // as `R` decodes as ids.
        let ids: Vec<Option<u64>> = response::decode::<ListResponse<IdProbe>>(response)
            .map(|l| {
                l.resources
                    .into_iter()
                    .map(|p| p.0.map(|id| hash_id(&id)))
                    .collect()
            })
            .unwrap_or_default();
        let received = page.resources.len() as u64;
        let page_number = self.pages;
        let total = page.total_results;
        let previous_total = self.total;
        self.total = total;
        let next_cursor = page.next_cursor.clone().filter(|c| !c.is_empty());

        let mut fresh = Vec::with_capacity(page.resources.len());
        let mut overlap_only = false;
        for (i, resource) in page.resources.into_iter().enumerate() {
            match ids.get(i).copied().flatten() {
                Some(id) => {
                    if self.seen.insert(id) {
                        fresh.push(resource);
                    } else if i == 0 && received == 1 {
                        overlap_only =
                            matches!(self.mode, Mode::Index { overlap: Some(o), .. } if o == id);
                    }
                }
                None => fresh.push(resource),
            }
        }
        let new = fresh.len() as u64;

        // Where the next page starts, and whether there is one.
        // Where this page was asked to start (index pagination after the
        // first page), to tell a server that ignored it.
        let requested_start = self.mode.requested_start();
        let previous_cursor = match &self.mode {
            Mode::Cursor { cursor } => Some(cursor.clone()),
            Mode::Index { .. } => None,
        };
        let last_id = ids.last().copied().flatten();
        match next_cursor {
            Some(cursor) if received > 0 => {
                if previous_cursor.as_deref() == Some(cursor.as_str()) && new == 0 {
                    self.done = true;
                    return Err(PagingError::RepeatedCursor { page: page_number }.into());
                }
                self.mode = Mode::Cursor { cursor };
            }
            _ if received == 0 => self.done = true,
            _ if previous_cursor.is_some() => self.done = true,
            _ => {
                // After the first page: where it was asked to start. The
                // first page: the server says where it started; a server
                // counting from 0 says 0.
                let start = requested_start.unwrap_or(match page.start_index {
                    Some(0) => 0,
                    _ => 1,
                });
                let next = start.saturating_add(received);
                // Re-request the last resource next time when it can be
                // recognised and more than one came, so that a page that
                // is off by one is noticed and nothing is skipped.
                let overlap = if received >= 2 { last_id } else { None };
                // Fewer results than on the previous page: resources were
                // deleted, and if before this page's start, everything
                // moved up and this page began past resources never
                // received. Read again from as far back as were deleted
                // (at most one page); what was already received is
                // dropped by id.
                let shrunk = match (previous_total, total, requested_start) {
                    (Some(before), Some(now), Some(_)) if now < before => {
                        (before - now).min(self.page_size)
                    }
                    _ => 0,
                };
                self.mode = if shrunk > 0 && received > 0 {
                    self.covered_to = Some(self.covered_to.unwrap_or(0).max(next));
                    Mode::Index {
                        next: Some(start.saturating_sub(shrunk).max(1)),
                        overlap: None,
                    }
                } else {
                    Mode::Index {
                        next: Some(next),
                        overlap,
                    }
                };
            }
        }

        // A page read again after resources were deleted lies within what
        // was already read: nothing new is expected there.
        let reread = matches!(
            (self.covered_to, requested_start),
            (Some(covered), Some(start)) if start.saturating_add(received) <= covered
        );
        if new == 0 && received > 0 && !self.done {
            if overlap_only {
                // Only the re-requested resource came back: the end.
                self.done = true;
            } else if reread {
                // Paging goes on past the region read again (a short page
                // here may come from a server capping its page size); an
                // empty page or the usual checks end it there.
            } else {
                // `totalResults` may confirm that everything came, but not
                // when this page is longer than the server could send from
                // the requested index: then it ignored `startIndex`, and
                // its total is as wrong as its paging.
                // (A previous page shorter than asked for already said
                // where the list ends; one longer than asked for came from
                // a server that ignores `count` and sends everything.)
                let possible = self.not_full
                    || match (total, requested_start) {
                        (Some(t), Some(start)) => {
                            received <= t.saturating_sub(start).saturating_add(1)
                        }
                        _ => true,
                    };
                let seen_all = possible
                    && total.is_some_and(|t| self.yielded + (self.buffer.len() as u64) >= t);
                self.done = true;
                if !seen_all {
                    return Err(PagingError::RepeatedPage { page: page_number }.into());
                }
            }
        }
        self.not_full = received != self.page_size;
        self.buffer = fresh.into_iter();
        Ok(new > 0)
    }
}

fn hash_id(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

impl<T, R> futures_core::Stream for Pager<'_, T, R>
where
    T: Transport,
    R: DeserializeOwned,
{
    type Item = Result<R, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (
            self.buffer.len(),
            if self.done {
                Some(self.buffer.len())
            } else {
                None
            },
        )
    }
}
