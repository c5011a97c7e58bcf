//! `b2bgate translate FILE`: every document in a file as canonical JSON, one per line (NDJSON)
//! on stdout; issues on stderr. Streams: X12 and EDIFACT are read in chunks and handled one
//! complete interchange at a time, so memory stays bounded by the largest interchange, whatever the
//! file's size.
//!
//! With more than one thread ([`translate_with_threads`]), the reading thread only finds where
//! the complete interchanges of each chunk end (the envelope pass) and hands the chunk to a
//! pool of workers that map, validate and serialise it; their output is written in input order.
//! At most `2 × threads` chunks are in flight, so memory stays bounded as well. The output
//! (stdout and stderr) is byte for byte the same whatever the number of threads.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Read, Write};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

use codec::x12;

/// Chunk read from the file at a time.
const CHUNK: usize = 1 << 20;

/// Output buffer in front of `out` (stdout is line-buffered underneath).
const OUT_BUFFER: usize = 1 << 18;

/// What a translation came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Documents written.
    pub documents: usize,
    /// Documents (transaction sets, messages) rejected: not mapped, or with errors.
    pub rejected: usize,
}

impl Summary {
    fn add(&mut self, other: Summary) {
        self.documents += other.documents;
        self.rejected += other.rejected;
    }
}

/// Translate `input` to NDJSON on `out`, issues on `err`, with one worker thread per available
/// core (see [`default_threads`]).
pub fn translate(
    input: impl Read,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Summary> {
    translate_with_threads(input, out, err, default_threads())
}

/// Translate `input` to NDJSON on `out`, issues on `err`, mapping X12 and EDIFACT on `threads` worker threads
/// (1: everything on the calling thread). The output does not depend on `threads`.
pub fn translate_with_threads(
    input: impl Read,
    out: &mut impl Write,
    err: &mut impl Write,
    threads: usize,
) -> io::Result<Summary> {
    translate_in_chunks(input, None, out, err, CHUNK, threads)
}

/// [`translate_with_threads`] for an input whose length is known (a file): an input of up to
/// [`WHOLE`] bytes is read into one buffer of exactly its size, still a chunk at a time, so
/// that a long interchange or message does not grow the buffer by doubling (each growth
/// copies what was read into fresh memory the kernel must fault in).
pub fn translate_sized(
    input: impl Read,
    len: u64,
    out: &mut impl Write,
    err: &mut impl Write,
    threads: usize,
) -> io::Result<Summary> {
    translate_in_chunks(input, Some(len), out, err, CHUNK, threads)
}

/// The largest input [`translate_sized`] gives one buffer of its own size.
pub const WHOLE: u64 = 4 * CHUNK as u64;

/// The available parallelism (1 when it cannot be told).
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn translate_in_chunks(
    mut input: impl Read,
    len: Option<u64>,
    out: &mut impl Write,
    err: &mut impl Write,
    chunk_size: usize,
    threads: usize,
) -> io::Result<Summary> {
    let chunk_size = chunk_size.max(1);
    let capacity = match len.map(usize::try_from) {
        Some(Ok(len)) if len as u64 <= WHOLE => len,
        _ => chunk_size,
    };
    let mut buf: Vec<u8> = Vec::with_capacity(capacity);
    // The first chunk, at least the bytes the syntax is sniffed from (whatever the chunk size).
    let mut eof = false;
    while !eof && buf.len() < codec::detect::SNIFF_WINDOW {
        eof = read_more(&mut input, chunk_size, &mut buf)?;
    }
    let mut out = BufWriter::with_capacity(OUT_BUFFER, out);
    let mut summary = Summary::default();
    match codec::detect(&buf) {
        Some(codec::Format::X12) => {
            let syntax = Syntax::X12;
            chunked(
                input,
                buf,
                eof,
                chunk_size,
                &mut out,
                err,
                &mut summary,
                threads,
                syntax,
            )?;
        }
        Some(codec::Format::Edifact) => {
            let syntax = Syntax::Edifact { una: Vec::new() };
            chunked(
                input,
                buf,
                eof,
                chunk_size,
                &mut out,
                err,
                &mut summary,
                threads,
                syntax,
            )?;
        }
        Some(codec::Format::Cxml) => {
            input.read_to_end(&mut buf)?;
            cxml(&buf, &mut out, err, &mut summary)?;
        }
        Some(codec::Format::Ubl) => {
            input.read_to_end(&mut buf)?;
            ubl(&buf, &mut out, err, &mut summary)?;
        }
        other => {
            writeln!(
                err,
                "error: {} is not a syntax `translate` reads (X12, EDIFACT, UBL, cXML)",
                other.map_or_else(|| "this input".to_owned(), |f| f.to_string())
            )?;
            summary.rejected += 1;
        }
    }
    out.flush()?;
    Ok(summary)
}

/// The syntax of a chunked translation, with what it carries from chunk to chunk.
enum Syntax {
    X12,
    /// `una`: the service string advice in force (the last UNA seen, with a line break), put
    /// in front of a buffer that does not start with its own (see [`edifact_work`]).
    Edifact {
        una: Vec<u8>,
    },
}

/// Where a buffer sits in the input, so that issue byte offsets count from the start of the
/// input whatever chunk (and whatever UNA put in front of it) they were read in.
#[derive(Clone, Copy, Debug, Default)]
struct Origin {
    /// Input offset of the buffer's first byte of input.
    start: usize,
    /// Bytes put in front of the input in the buffer (the UNA in force, see [`edifact_work`]).
    prefix: usize,
}

impl Origin {
    /// `issue` with its byte offset from the start of the input.
    fn shift(self, issue: &mut codec::Issue) {
        if let Some(o) = &mut issue.location.offset {
            *o = (*o + self.start).saturating_sub(self.prefix);
        }
    }

    /// Whether `issue` is about the bytes put in front of the input (a copy of a UNA that
    /// was read, and reported on, earlier).
    fn in_prefix(self, issue: &codec::Issue) -> bool {
        issue.location.offset.is_some_and(|o| o < self.prefix)
    }

    /// A copy of `issue` with its byte offset from the start of the input.
    fn shifted(self, issue: &codec::Issue) -> codec::Issue {
        let mut issue = issue.clone();
        self.shift(&mut issue);
        issue
    }
}

/// The syntax of a [`Job`].
#[derive(Clone, Copy)]
enum JobSyntax {
    X12,
    Edifact,
}

/// One chunk for a worker: the reader's buffer (for EDIFACT, a copy with the UNA in force in front),
/// translated as [`x12_complete`] / [`edifact_complete`] would.
struct Job {
    seq: usize,
    buf: Vec<u8>,
    eof: bool,
    syntax: JobSyntax,
    /// An empty buffer for the output (a reused one when there is one).
    out: Vec<u8>,
    /// Where the reader cut (see [`x12_cut`]), at the start of an interchange: the
    /// interchanges starting there or after are the next job's.
    limit: usize,
    /// Where `buf` sits in the input.
    origin: Origin,
}

/// What a worker made of a [`Job`].
struct Done {
    seq: usize,
    /// The job's input buffer, handed back to be reused.
    input: Vec<u8>,
    out: Vec<u8>,
    err: Vec<u8>,
    summary: Summary,
    result: io::Result<()>,
}

/// One step of the reading loop: the envelope pass over `buf` (without translating). When the
/// complete interchanges at its start come to some bytes (or at `eof`), returns the job that
/// translates them, and `buf` keeps only the bytes after them. The job takes the buffer itself
/// and `buf` gets a copy of the (short) rest: the reading thread copies the partial interchange
/// at the end of a chunk, never the whole chunk.
fn envelope_pass(
    syntax: &mut Syntax,
    buf: &mut Vec<u8>,
    eof: bool,
    seq: usize,
    consumed: &mut usize,
    spare: &mut Spare,
) -> io::Result<Option<Job>> {
    let mut origin = Origin {
        start: *consumed,
        prefix: 0,
    };
    let (used, work, job_syntax, limit) = match syntax {
        Syntax::X12 => {
            let used = if eof { buf.len() } else { x12_cut(buf)? };
            (used, None, JobSyntax::X12, used)
        }
        Syntax::Edifact { una } => {
            let (work, prefix) = edifact_work(buf, una);
            origin.prefix = prefix;
            let used = edifact_complete::<io::Sink, io::Sink>(&work, una, eof, origin, None, 1)?;
            let used = if eof {
                buf.len()
            } else {
                used.saturating_sub(prefix)
            };
            let work = match work {
                Cow::Owned(w) => Some(w),
                Cow::Borrowed(_) => None,
            };
            (used, work, JobSyntax::Edifact, usize::MAX)
        }
    };
    if used == 0 && !eof {
        return Ok(None);
    }
    let rest = buf.get(used..).unwrap_or_default();
    let mut next = Spare::take(&mut spare.input, buf.capacity().max(rest.len()));
    next.extend_from_slice(rest);
    let whole = std::mem::replace(buf, next);
    *consumed += used;
    Ok(Some(Job {
        seq,
        // EDIFACT with the UNA put in front is already a copy of its own.
        buf: work.unwrap_or(whole),
        eof,
        syntax: job_syntax,
        out: spare.out.pop().unwrap_or_default(),
        limit,
        origin,
    }))
}

/// Buffers that went through a job, kept for the next ones: fresh memory costs a page fault per
/// page, a reused buffer none. At most as many of each as there can be jobs in flight, plus one.
#[derive(Default)]
struct Spare {
    input: Vec<Vec<u8>>,
    out: Vec<Vec<u8>>,
}

impl Spare {
    /// Keeps the buffers of `done` (its output written), emptied, while there are fewer than
    /// `most`.
    fn keep(&mut self, done: &mut Done, most: usize) {
        for (pool, buf) in [
            (&mut self.input, &mut done.input),
            (&mut self.out, &mut done.out),
        ] {
            if pool.len() < most {
                buf.clear();
                pool.push(std::mem::take(buf));
            }
        }
    }

    /// An empty buffer with room for `want` bytes: a kept one when it is large enough (a
    /// smaller one is dropped, not grown: growing would copy what it held before).
    fn take(pool: &mut Vec<Vec<u8>>, want: usize) -> Vec<u8> {
        match pool.pop() {
            Some(mut buf) if buf.capacity() >= want => {
                buf.clear();
                buf
            }
            _ => Vec::with_capacity(want),
        }
    }
}

/// The reading loop of [`translate_in_chunks`] for X12 and EDIFACT: this thread reads, finds
/// the complete interchanges of the buffer (the envelope only) and hands a copy of the buffer
/// to a worker, which translates those same interchanges (the same bytes give the same
/// interchanges, offsets and issues); results are written in input order. With one thread,
/// this thread translates in the same pass. When no interchange of the buffer is complete, the envelope
/// pass waits until the buffer has doubled (a huge interchange is not rescanned per chunk).
#[allow(clippy::too_many_arguments)]
fn chunked(
    mut input: impl Read,
    mut buf: Vec<u8>,
    mut eof: bool,
    chunk_size: usize,
    out: &mut impl DocOut,
    err: &mut impl Write,
    summary: &mut Summary,
    threads: usize,
    mut syntax: Syntax,
) -> io::Result<()> {
    // Input bytes before `buf`.
    let mut consumed = 0usize;
    if threads <= 1 {
        let mut wait_for = 0;
        loop {
            if eof || buf.len() >= wait_for {
                // One pass: translate what is complete, straight to the output.
                let used = direct(&mut syntax, &buf, eof, consumed, out, err, summary, 1)?;
                if used > 0 {
                    buf.drain(..used);
                    consumed += used;
                    wait_for = 0;
                } else {
                    wait_for = buf.len().saturating_mul(2);
                }
            }
            if eof {
                break;
            }
            eof = read_more(&mut input, chunk_size, &mut buf)?;
        }
        return Ok(());
    }
    let max_in_flight = 2 * threads;
    let whole = std::thread::scope(|scope| -> io::Result<bool> {
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(max_in_flight);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        for _ in 0..threads {
            let job_rx = Arc::clone(&job_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || loop {
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(job) = job else { return };
                if done_tx.send(run_job(job)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);

        let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
        let mut next = 0usize;
        let mut sent = 0usize;
        let mut failed: io::Result<()> = Ok(());
        let mut spare = Spare::default();
        // Writes the results that are next in order.
        let mut write_ready = |pending: &mut BTreeMap<usize, Done>,
                               next: &mut usize,
                               failed: &mut io::Result<()>,
                               spare: &mut Spare|
         -> io::Result<()> {
            while let Some(mut done) = pending.remove(next) {
                *next += 1;
                out.write_all(&done.out)?;
                err.write_all(&done.err)?;
                summary.add(done.summary);
                spare.keep(&mut done, max_in_flight + 1);
                if failed.is_ok() {
                    *failed = done.result;
                }
            }
            Ok(())
        };
        let lost = || io::Error::other("a translation worker stopped");

        let mut wait_for = 0;
        loop {
            if eof || buf.len() >= wait_for {
                if eof && sent == 0 {
                    // The whole input is one piece (one interchange, or a small file): it is
                    // translated on this thread, after the scope, straight to the output. A
                    // worker would only add a copy of the input and buffers for its output.
                    return Ok(true);
                }
                if let Some(job) =
                    envelope_pass(&mut syntax, &mut buf, eof, sent, &mut consumed, &mut spare)?
                {
                    // Bound the work in flight (and the memory it holds).
                    while sent - next >= max_in_flight {
                        let done = done_rx.recv().map_err(|_| lost())?;
                        pending.insert(done.seq, done);
                        write_ready(&mut pending, &mut next, &mut failed, &mut spare)?;
                    }
                    job_tx.send(job).map_err(|_| lost())?;
                    sent += 1;
                    while let Ok(done) = done_rx.try_recv() {
                        pending.insert(done.seq, done);
                    }
                    write_ready(&mut pending, &mut next, &mut failed, &mut spare)?;
                    wait_for = 0;
                } else {
                    wait_for = buf.len().saturating_mul(2);
                }
            }
            if eof {
                break;
            }
            eof = read_more(&mut input, chunk_size, &mut buf)?;
        }
        drop(job_tx);
        while next < sent {
            let done = done_rx.recv().map_err(|_| lost())?;
            pending.insert(done.seq, done);
            write_ready(&mut pending, &mut next, &mut failed, &mut spare)?;
        }
        failed.map(|()| false)
    })?;
    if whole {
        direct(
            &mut syntax,
            &buf,
            true,
            consumed,
            out,
            err,
            summary,
            threads,
        )?;
    }
    Ok(())
}

/// One pass over `buf` (input bytes from `consumed` on), from this thread: translate what is
/// complete (at `eof`, everything) straight to `out` and `err`; the number of bytes of `buf`
/// used. A long EDIFACT message has its LIN groups read on up to `threads` threads.
#[allow(clippy::too_many_arguments)]
fn direct(
    syntax: &mut Syntax,
    buf: &[u8],
    eof: bool,
    consumed: usize,
    out: &mut impl DocOut,
    err: &mut impl Write,
    summary: &mut Summary,
    threads: usize,
) -> io::Result<usize> {
    let sink = Some((out, err, summary));
    let mut origin = Origin {
        start: consumed,
        prefix: 0,
    };
    Ok(match syntax {
        Syntax::X12 => x12_complete(buf, eof, usize::MAX, origin, sink)?,
        Syntax::Edifact { una } => {
            let (work, prefix) = edifact_work(buf, una);
            origin.prefix = prefix;
            let used = edifact_complete(&work, una, eof, origin, sink, threads)?;
            if eof {
                buf.len()
            } else {
                used.saturating_sub(prefix)
            }
        }
    })
}

/// Read the next chunk of `input` (up to `chunk_size` bytes, fewer only at its end) onto
/// `buf`, straight into its spare room; whether the input is exhausted.
fn read_more(input: &mut impl Read, chunk_size: usize, buf: &mut Vec<u8>) -> io::Result<bool> {
    let limit = u64::try_from(chunk_size).unwrap_or(u64::MAX);
    let n = input.by_ref().take(limit).read_to_end(buf)?;
    // `read_to_end` stops short of the limit only at the end of the input.
    Ok(u64::try_from(n).map_or(true, |n| n < limit))
}

/// A worker's translation of one chunk (a panic is reported as an error, not lost).
fn run_job(job: Job) -> Done {
    // Room for the JSON of the whole chunk (about 2.4 times its size for 850s); a reused buffer
    // that is too small is replaced, not grown (growing would copy its old contents).
    let need = job.buf.len().saturating_mul(3);
    let mut out = job.out;
    out.clear();
    if out.capacity() < need {
        out = Vec::with_capacity(need.saturating_add(need / 8));
    }
    let mut err = Vec::new();
    let mut summary = Summary::default();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let sink = Some((&mut out, &mut err, &mut summary));
        match job.syntax {
            JobSyntax::X12 => {
                x12_complete(&job.buf, job.eof, job.limit, job.origin, sink).map(|_| ())
            }
            JobSyntax::Edifact => {
                edifact_complete(&job.buf, &mut Vec::new(), job.eof, job.origin, sink, 1)
                    .map(|_| ())
            }
        }
    }))
    .unwrap_or_else(|_| Err(io::Error::other("a translation worker panicked")));
    Done {
        seq: job.seq,
        input: job.buf,
        out,
        err,
        summary,
        result,
    }
}

/// Where [`x12_complete`] (not at end of input) would stop in `buf`, found without reading the
/// envelope of the whole buffer: the envelope is read only from the last few `ISA` segment
/// starts, from the end backwards, until one of them is followed by a complete interchange and
/// the start of another (the cut falls at that start).
/// The interchanges are delimited by their own ISA, so reading from an ISA gives the same
/// interchanges as reading from the start of the buffer. When `buf` does not start with an ISA
/// or no candidate works out, the whole envelope is read as before.
fn x12_cut(buf: &[u8]) -> io::Result<usize> {
    /// Candidates tried before reading everything.
    const TRIES: usize = 4;
    let whole = |buf: &[u8]| {
        x12_complete::<io::Sink, io::Sink>(buf, false, usize::MAX, Origin::default(), None)
    };
    let first = buf
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(buf.len());
    if buf.get(first..first + 3) != Some(b"ISA") {
        return whole(buf);
    }
    // The first interchange's segment terminator (ISA is 106 bytes, its terminator last).
    let Some(&terminator) = buf.get(first + 105) else {
        return whole(buf);
    };
    let finder = memchr::memmem::FinderRev::new(b"ISA");
    let mut end = buf.len();
    for _ in 0..TRIES {
        let Some(at) = finder.rfind(buf.get(..end).unwrap_or_default()) else {
            break;
        };
        end = at;
        if at <= first {
            break;
        }
        if !segment_start(buf, at, terminator) {
            continue;
        }
        let tail = buf.get(at..).unwrap_or_default();
        // No `IEA` after this ISA: its interchange is not complete yet. The envelope reader
        // would read all of it only to say so (the last interchange of nearly every chunk).
        if memchr::memmem::find(tail, b"IEA").is_none() {
            continue;
        }
        let used = whole(tail)?;
        if used > 0 {
            // Reading stops at the first interchange without IEA: the cut holds only when every
            // interchange before this one has its IEA.
            if !closed_before(buf, first, at, terminator) {
                break;
            }
            return Ok(at + used);
        }
    }
    whole(buf)
}

/// Whether `at` starts a segment: the terminator, then only whitespace (line breaks), before it.
fn segment_start(buf: &[u8], at: usize, terminator: u8) -> bool {
    let before = buf
        .get(..at)
        .unwrap_or_default()
        .iter()
        .rposition(|b| !b.is_ascii_whitespace());
    before.and_then(|i| buf.get(i)) == Some(&terminator)
}

/// Whether every interchange of `buf[first..end]` is closed as the envelope reader sees it: the
/// segments `ISA` and `IEA` alternate from the ISA at `first` to an IEA, and only whitespace lies
/// between an IEA and the next ISA (or `end`). Anything else (an ISA or IEA more or missing,
/// junk after an IEA, an `ISA` the reader could take for an interchange start that does not
/// follow a terminator, another terminator) is false, and the caller reads the whole envelope.
fn closed_before(buf: &[u8], first: usize, end: usize, terminator: u8) -> bool {
    let region = buf.get(..end).unwrap_or_default();
    let mut isas = Vec::new();
    for at in memchr::memmem::find_iter(region, b"ISA") {
        if at < first {
            continue;
        }
        if at == first || segment_start(buf, at, terminator) {
            isas.push(at);
        } else if reader_may_start_at(buf, at) {
            return false;
        }
    }
    let ieas: Vec<usize> = memchr::memmem::find_iter(region, b"IEA")
        .filter(|&at| at > first && segment_start(buf, at, terminator))
        .collect();
    if isas.is_empty() || isas.len() != ieas.len() {
        return false;
    }
    for (i, (&isa, &iea)) in isas.iter().zip(&ieas).enumerate() {
        let next = isas.get(i + 1).copied().unwrap_or(end);
        if !(isa < iea && iea < next) {
            return false;
        }
        // The IEA ends at its terminator; then only whitespace up to the next ISA.
        let gap = buf.get(iea..next).unwrap_or_default();
        let Some(t) = memchr::memchr(terminator, gap) else {
            return false;
        };
        if !gap
            .get(t + 1..)
            .unwrap_or_default()
            .iter()
            .all(u8::is_ascii_whitespace)
        {
            return false;
        }
    }
    true
}

/// Whether the envelope reader, looking for the next interchange outside one, could start one
/// at `at` (`ISA` after a byte that is not alphanumeric, then a separator): the test of the X12
/// tokenizer's search, or wider.
fn reader_may_start_at(buf: &[u8], at: usize) -> bool {
    let before_ok = at == 0 || buf.get(at - 1).is_none_or(|b| !b.is_ascii_alphanumeric());
    let after_ok = buf
        .get(at + 3)
        .is_none_or(|&b| !b.is_ascii_alphanumeric() && b != b'\r' && b != b'\n');
    before_ok && after_ok
}

/// Translate every complete interchange at the start of `buf` that is followed by the start of
/// another by `limit`, with the junk before that start; the number of bytes used (where the
/// next interchange starts). At `eof`, everything left is translated (an interchange without
/// IEA included). Without `sink` (output, issues, summary), only the envelope is read: the number
/// of bytes a translation would use.
fn x12_complete<O: DocOut, E: Write>(
    buf: &[u8],
    eof: bool,
    limit: usize,
    origin: Origin,
    sink: Option<(&mut O, &mut E, &mut Summary)>,
) -> io::Result<usize> {
    if eof && sink.is_none() {
        return Ok(buf.len());
    }
    let stream = x12::interchanges(buf);
    match sink {
        Some((out, err, summary)) => {
            let mut json = Vec::with_capacity(1 << 14);
            walk(
                stream,
                buf.len(),
                eof,
                limit,
                origin,
                Some(err),
                |ic, err| x12_interchange(&ic, origin, &mut *out, err, summary, &mut json),
            )
        }
        None => walk::<_, io::Sink>(stream, buf.len(), eof, limit, origin, None, |_, _| Ok(())),
    }
}

/// An envelope reader's stream of interchanges, as [`walk`] reads it.
trait Stream {
    type Ic;
    fn next_ic(&mut self) -> Option<Self::Ic>;
    /// The problems found outside any interchange so far, in input order.
    fn junk(&self) -> &[codec::Issue];
    /// Where `ic` starts (its ISA, or its UNA or UNB).
    fn start(ic: &Self::Ic) -> usize;
    /// Where its own segments start (junk between an EDIFACT UNA and UNB comes before them).
    fn content(ic: &Self::Ic) -> usize;
    /// Whether its trailer was read, and is not the last segment of a buffer of `len` bytes.
    fn complete(ic: &Self::Ic, len: usize) -> bool;
}

impl<'a> Stream for x12::Interchanges<'a> {
    type Ic = x12::Interchange<'a>;
    fn next_ic(&mut self) -> Option<Self::Ic> {
        self.next()
    }
    fn junk(&self) -> &[codec::Issue] {
        self.issues()
    }
    fn start(ic: &Self::Ic) -> usize {
        ic.isa.offset
    }
    fn content(ic: &Self::Ic) -> usize {
        ic.isa.offset
    }
    fn complete(ic: &Self::Ic, len: usize) -> bool {
        ic.iea.is_some() && ic.end < len
    }
}

impl<'a> Stream for codec::edifact::Interchanges<'a> {
    type Ic = codec::edifact::Interchange<'a>;
    fn next_ic(&mut self) -> Option<Self::Ic> {
        self.next()
    }
    fn junk(&self) -> &[codec::Issue] {
        self.issues()
    }
    fn start(ic: &Self::Ic) -> usize {
        ic.start
    }
    fn content(ic: &Self::Ic) -> usize {
        ic.unb.as_ref().map_or(ic.start, |u| u.offset)
    }
    fn complete(ic: &Self::Ic, len: usize) -> bool {
        ic.unz.is_some() && ic.end < len
    }
}

/// The walk over a buffer of `len` bytes both syntaxes share. Each complete interchange is held
/// until the next one's start (or, at `eof`, the end of the input) says where the bytes after it
/// end; then the junk before its own segments, the interchange itself (`translate`) and the junk
/// after it are written, in input order and in the same words however the input was cut into
/// chunks. Stops at an interchange that is not complete (before `eof`) or that starts after
/// `limit`; returns the bytes used, which end where the next interchange starts. Without `err`,
/// only where it would stop.
fn walk<S: Stream, E: Write>(
    mut stream: S,
    len: usize,
    eof: bool,
    limit: usize,
    origin: Origin,
    mut err: Option<&mut E>,
    mut translate: impl FnMut(S::Ic, &mut E) -> io::Result<()>,
) -> io::Result<usize> {
    let mut used = 0;
    // Problems outside any interchange written so far.
    let mut written = 0;
    let mut held: Option<S::Ic> = None;
    loop {
        let next = stream.next_ic();
        let boundary = match &next {
            Some(ic) => S::start(ic),
            None if eof => len,
            None => break,
        };
        if boundary > limit && !eof {
            break;
        }
        if let Some(err) = err.as_deref_mut() {
            if let Some(ic) = held.take() {
                write_junk(err, stream.junk(), &mut written, S::content(&ic), origin)?;
                translate(ic, err)?;
            }
            write_junk(err, stream.junk(), &mut written, boundary, origin)?;
        }
        used = boundary;
        let Some(ic) = next else { break };
        if !S::complete(&ic, len) && !eof {
            break;
        }
        held = Some(ic);
    }
    if !eof {
        return Ok(used);
    }
    // At the end of the input everything was translated: what is left is junk without an
    // offset or after the last interchange.
    if let Some(err) = err {
        write_junk(err, stream.junk(), &mut written, usize::MAX, origin)?;
    }
    Ok(len)
}

/// Writes the problems found outside any interchange (`issues`, in input order) from the
/// `written`-th on that lie before byte `before` (all of them for `usize::MAX`, offsetless ones
/// included), counting them in `written`.
fn write_junk(
    err: &mut impl Write,
    issues: &[codec::Issue],
    written: &mut usize,
    before: usize,
    origin: Origin,
) -> io::Result<()> {
    for issue in issues.get(*written..).unwrap_or_default() {
        if before != usize::MAX && issue.location.offset >= Some(before) {
            break;
        }
        writeln!(err, "{}", origin.shifted(issue))?;
        *written += 1;
    }
    Ok(())
}

/// Writes `doc` as one NDJSON line (see [`DocOut`]): into a worker's buffer directly, or
/// serialised whole into `json` (reused) and written in one piece, which costs less than many
/// small writes through the `BufWriter` of stdout.
fn write_line(out: &mut impl DocOut, doc: &model::Document, json: &mut Vec<u8>) -> io::Result<()> {
    out.doc_line(doc, json)
}

/// Where documents' JSON lines go: any writer, through a scratch buffer; a worker's output
/// buffer, directly (the JSON is not copied again: 117 MB for the X12 bench).
trait DocOut: Write {
    /// Appends `doc` as one JSON line; `scratch` is a buffer to reuse.
    fn doc_line(&mut self, doc: &model::Document, scratch: &mut Vec<u8>) -> io::Result<()> {
        scratch.clear();
        model::json::write_document(doc, scratch)?;
        scratch.push(b'\n');
        self.write_all(scratch)
    }
}

impl DocOut for Vec<u8> {
    fn doc_line(&mut self, doc: &model::Document, _: &mut Vec<u8>) -> io::Result<()> {
        let len = self.len();
        if let Err(e) = model::json::write_document(doc, self) {
            self.truncate(len);
            return Err(e.into());
        }
        self.push(b'\n');
        Ok(())
    }
}

impl<W: Write> DocOut for BufWriter<W> {}

impl DocOut for io::Sink {}

/// Issue lines on their way to `err`, written in pieces of about [`NOTES_PIECE`] bytes: stderr
/// is unbuffered, so a write per line would be a system call per issue, and a write per
/// interchange would hold every line of a message with tens of thousands of issues (2.6 MB
/// for the corpus stress file). [`Notes::finish`] writes the rest.
struct Notes<'e, E: Write> {
    buf: Vec<u8>,
    err: &'e mut E,
}

/// See [`Notes`].
const NOTES_PIECE: usize = 64 * 1024;

impl<'e, E: Write> Notes<'e, E> {
    fn new(err: &'e mut E) -> Self {
        Self {
            buf: Vec::new(),
            err,
        }
    }

    /// Writes what is left.
    fn finish(mut self) -> io::Result<()> {
        self.err.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

impl<E: Write> Write for Notes<'_, E> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= NOTES_PIECE {
            self.err.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.err.write_all(&self.buf)?;
        self.buf.clear();
        self.err.flush()
    }
}

/// Translate the sets of one interchange.
fn x12_interchange(
    ic: &x12::Interchange<'_>,
    origin: Origin,
    out: &mut impl DocOut,
    err: &mut impl Write,
    summary: &mut Summary,
    json: &mut Vec<u8>,
) -> io::Result<()> {
    let mut err = Notes::new(err);
    for issue in ic.issues.iter().filter(|i| i.is_error()) {
        writeln!(
            err,
            "ISA13 {}: {}",
            ic.control_number(),
            origin.shifted(&issue.issue)
        )?;
    }
    for group in &ic.groups {
        for set in &group.sets {
            let prefix = || {
                format!(
                    "ISA13 {} ST {} {}: ",
                    ic.control_number(),
                    set.id(),
                    set.control_number()
                )
            };
            let read = x12::map::read_transaction(set);
            emit(read, &prefix, origin, out, &mut err, summary, json)?;
        }
    }
    err.finish()
}

/// The buffer an EDIFACT pass works on and the length of the prefix put in front of `buf`:
/// interchanges after the first of a file often rely on one UNA at its top, so when `buf` does
/// not start with its own, the UNA in force (`una`, the last one seen) is put in front of it.
fn edifact_work<'b>(buf: &'b [u8], una: &[u8]) -> (Cow<'b, [u8]>, usize) {
    let starts_with_una = buf
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        .is_some_and(|i| buf.get(i..i + 3) == Some(b"UNA"));
    if starts_with_una || una.is_empty() {
        return (Cow::Borrowed(buf), 0);
    }
    let mut work = Vec::with_capacity(una.len() + buf.len());
    work.extend_from_slice(una);
    work.extend_from_slice(buf);
    (Cow::Owned(work), una.len())
}

/// Translate every complete EDIFACT interchange at the start of `buf` (see [`edifact_work`]
/// for the UNA in front of it); the number of bytes of `buf` used. `una` is set to the last UNA
/// of the interchanges used. At `eof`, everything left is translated. Without `sink` (output,
/// issues, summary), only the envelope is read: the number of bytes a translation would use.
/// A long message has its LIN groups read on up to `threads` threads
/// ([`codec::edifact::map::read_message_on`]).
fn edifact_complete<O: DocOut, E: Write>(
    buf: &[u8],
    una: &mut Vec<u8>,
    eof: bool,
    origin: Origin,
    sink: Option<(&mut O, &mut E, &mut Summary)>,
    threads: usize,
) -> io::Result<usize> {
    use codec::edifact;
    if eof && sink.is_none() {
        return Ok(buf.len());
    }
    // Without a UNZ, no interchange is complete: do not read (and throw away) a long one that
    // is still arriving.
    if !eof && !edifact::may_hold_unz(buf) {
        return Ok(0);
    }
    let Some((out, err, summary)) = sink else {
        // The envelope pass: where to cut, from the tokens alone.
        let (used, last_una) = edifact::complete_end(buf);
        if let Some(u) = last_una {
            keep_una(una, &u);
        }
        return Ok(used);
    };
    let mut json = Vec::new();
    let stream = edifact::interchanges(buf);
    walk(
        stream,
        buf.len(),
        eof,
        usize::MAX,
        origin,
        Some(err),
        |mut ic, err| {
            if let Some(u) = &ic.una {
                keep_una(una, u);
            }
            edifact_interchange(&mut ic, origin, &mut *out, err, summary, &mut json, threads)
        },
    )
}

/// `u` as the UNA in force for the buffers that follow (see [`edifact_work`]).
fn keep_una(una: &mut Vec<u8>, u: &codec::edifact::Segment<'_>) {
    una.clear();
    una.extend_from_slice(u.raw());
    una.push(b'\n');
}

/// Translate the messages of one EDIFACT interchange (a long message on up to `threads`
/// threads); its issues go to `err` through [`Notes`]. Each message's body segments are freed
/// once it is read, before its document is validated and written: the memory they held (40
/// bytes a segment, 4 MB for a message of 110,000) is used again for the validation problems
/// and issue lines instead of fresh pages.
fn edifact_interchange(
    ic: &mut codec::edifact::Interchange<'_>,
    origin: Origin,
    out: &mut impl DocOut,
    err: &mut impl Write,
    summary: &mut Summary,
    json: &mut Vec<u8>,
    threads: usize,
) -> io::Result<()> {
    use codec::edifact;
    let mut notes = Notes::new(err);
    let reference = &ic.header.control_reference;
    for issue in ic.issues.iter().filter(|i| i.is_error()) {
        if origin.in_prefix(&issue.issue) {
            // About the UNA put in front: said when that UNA was read where it stands.
            continue;
        }
        writeln!(notes, "UNB {reference}: {}", origin.shifted(&issue.issue))?;
    }
    let order: Vec<_> = ic.all_messages().iter().map(|&(g, i, _)| (g, i)).collect();
    for (group, i) in order {
        let msg = match group {
            None => ic.messages.get_mut(i),
            Some(g) => ic.groups.get_mut(g).and_then(|g| g.messages.get_mut(i)),
        };
        let Some(msg) = msg else { continue };
        let read = edifact::map::read_message_on(msg, threads);
        drop(std::mem::take(&mut msg.body));
        let prefix = || {
            let kind = msg.message_type();
            let msg_ref = msg.reference();
            format!("UNB {reference} UNH {msg_ref} {kind}: ")
        };
        emit(read, &prefix, origin, &mut *out, &mut notes, summary, json)?;
    }
    notes.finish()
}

/// One document as read, with the reader's issues: each issue (its offset shifted by `origin`)
/// and each validation problem on a line of `err` after `prefix` (made once per document that
/// has a line, not per issue: a message of 16,000 lines can have tens of thousands); the document to `out`
/// when no issue is an error and it is valid, and counted in `summary` either way.
fn emit(
    (doc, mut issues): (Option<model::Document>, Vec<codec::Issue>),
    prefix: &dyn Fn() -> String,
    origin: Origin,
    out: &mut impl DocOut,
    err: &mut impl Write,
    summary: &mut Summary,
    json: &mut Vec<u8>,
) -> io::Result<()> {
    let errors = issues
        .iter()
        .filter(|i| i.severity == codec::Severity::Error)
        .count();
    // The lines are built byte by byte (`write_to`, no formatting machinery) and written in
    // pieces: a message of 16,000 lines can have tens of thousands.
    let mut lines = Vec::new();
    let mut prefix_text: Option<String> = None;
    let mut line = |lines: &mut Vec<u8>, write: &dyn Fn(&mut Vec<u8>)| -> io::Result<()> {
        lines.extend_from_slice(prefix_text.get_or_insert_with(prefix).as_bytes());
        write(lines);
        lines.push(b'\n');
        if lines.len() >= NOTES_PIECE {
            err.write_all(lines)?;
            lines.clear();
        }
        Ok(())
    };
    for i in &mut issues {
        origin.shift(i);
        line(&mut lines, &|out| i.write_to(out))?;
    }
    let invalid = doc.as_ref().map(|d| d.validate()).unwrap_or_default();
    for p in &invalid {
        line(&mut lines, &|out| {
            out.extend_from_slice(b"invalid: ");
            p.write_to(out);
        })?;
    }
    err.write_all(&lines)?;
    match &doc {
        Some(doc) if errors == 0 && invalid.is_empty() => {
            write_line(out, doc, json)?;
            summary.documents += 1;
        }
        _ => summary.rejected += 1,
    }
    let size = doc.as_ref().map_or(0, model::Document::line_count) + issues.len() + invalid.len();
    if size >= FREE_LATER {
        free_later((doc, issues, invalid));
    }
    Ok(())
}

/// Documents with at least this many lines and issues are freed by [`free_later`].
const FREE_LATER: usize = 1024;

/// Frees `value` on a helper thread. A document of 16,000 lines with as many issues is
/// hundreds of thousands of allocations, milliseconds to free, which the rest of the output
/// (and, after the last document, the end of the process) need not wait for. At most two
/// values wait to be freed, so memory stays bounded; without the thread, `value` is freed here.
fn free_later<T: Send + 'static>(value: T) {
    static FREER: OnceLock<Option<mpsc::SyncSender<Box<dyn Send>>>> = OnceLock::new();
    let freer = FREER.get_or_init(|| {
        let (tx, rx) = mpsc::sync_channel::<Box<dyn Send>>(2);
        std::thread::Builder::new()
            .name("b2bgate-free".into())
            .spawn(move || rx.into_iter().for_each(drop))
            .ok()?;
        Some(tx)
    });
    let value: Box<dyn Send> = Box::new(value);
    if let Some(tx) = freer {
        // A send fails only when the thread is gone: then `value` comes back and is freed here.
        let _ = tx.send(value);
    }
}

/// [`emit`] for a syntax whose file is one document (UBL, cXML): no prefix, offsets as read.
fn emit_one(
    doc: model::Document,
    issues: Vec<codec::Issue>,
    out: &mut impl DocOut,
    err: &mut impl Write,
    summary: &mut Summary,
) -> io::Result<()> {
    let (origin, mut json) = (Origin::default(), Vec::new());
    emit(
        (Some(doc), issues),
        &String::new,
        origin,
        out,
        err,
        summary,
        &mut json,
    )
}

fn ubl(
    buf: &[u8],
    out: &mut impl DocOut,
    err: &mut impl Write,
    summary: &mut Summary,
) -> io::Result<()> {
    match codec::ubl::read(buf) {
        Ok((doc, issues)) => {
            emit_one(doc, issues, out, err, summary)?;
        }
        Err(e) => {
            writeln!(err, "error: {e}")?;
            summary.rejected += 1;
        }
    }
    Ok(())
}

fn cxml(
    buf: &[u8],
    out: &mut impl DocOut,
    err: &mut impl Write,
    summary: &mut Summary,
) -> io::Result<()> {
    let read = match codec::cxml::read(buf) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            summary.rejected += 1;
            return Ok(());
        }
    };
    let doc: Option<(model::Document, Vec<codec::Issue>)> = match &read.doc.body {
        codec::cxml::Body::Request {
            request: codec::cxml::Request::Order(o),
            ..
        } => {
            let (po, issues) = o.to_purchase_order();
            Some((model::Document::PurchaseOrder(po), issues))
        }
        codec::cxml::Body::Message {
            message: codec::cxml::Message::PunchOutOrder(m),
            ..
        } => {
            let (cart, issues) = m.to_cart();
            Some((model::Document::PunchoutCart(cart), issues))
        }
        _ => None,
    };
    match doc {
        Some((doc, issues)) => {
            // The document's issues after the envelope's, and either can reject it.
            let issues = read.issues.iter().cloned().chain(issues).collect();
            emit_one(doc, issues, out, err, summary)?;
        }
        None => {
            for i in &read.issues {
                writeln!(err, "{i}")?;
            }
            writeln!(
                err,
                "error: this cXML document carries no order or cart to translate"
            )?;
            summary.rejected += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &str = "ISA*00*          *00*          *ZZ*DEMOBUYER      *ZZ*B2BGATE        *261124*1000*U*00401*000000101*0*T*>~";

    fn interchange(n: usize) -> String {
        format!(
            "{}GS*PO*DEMOBUYER*B2BGATE*20261124*1000*1*X*004010~ST*850*0001~BEG*00*SA*PO-{n}**20261124~PO1*1*2*EA*3.5**VP*P-1~CTT*1~SE*5*0001~GE*1*1~IEA*1*000000101~\n",
            ISA
        )
    }

    #[test]
    fn streams_interchanges_across_chunk_boundaries() {
        let text: String = (0..3000).map(interchange).collect();
        let mut out = Vec::new();
        let mut err = Vec::new();
        // Chunks of 997 bytes cut interchanges, segments and the ISA everywhere.
        let summary =
            translate_in_chunks(text.as_bytes(), None, &mut out, &mut err, 997, 1).unwrap();
        assert_eq!(
            summary,
            Summary {
                documents: 3000,
                rejected: 0
            },
            "{}",
            String::from_utf8_lossy(&err)
        );
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(lines.len(), 3000);
        assert!(lines[2999].contains("\"order_number\":\"PO-2999\""));
    }

    #[test]
    fn the_readers_cut_is_where_a_translation_stops() {
        let mut text = String::new();
        for n in 0..60 {
            let ic = interchange(n);
            match n % 6 {
                1 => text.push_str(&ic.replace("PO-", "ISA")),
                2 => text.push_str(&ic.replace("~\n", "~\r\n")),
                3 => text.push_str(&ic.replace("*P-1~", "*P-1~ISA*00~")),
                // No IEA: nothing after it is complete, so only near the end.
                4 if n > 50 => text.push_str(&ic.replace("IEA*1*000000101~", "")),
                _ => text.push_str(&ic),
            }
            // Junk after an IEA, one with an `ISA` the reader could start at.
            match n % 10 {
                5 => text.push_str("hello world\n"),
                8 => text.push_str("x ISA~\n"),
                _ => {}
            }
        }
        let bytes = text.as_bytes();
        for len in (0..bytes.len()).step_by(13) {
            let buf = &bytes[..len];
            let full =
                x12_complete::<io::Sink, io::Sink>(buf, false, usize::MAX, Origin::default(), None)
                    .unwrap();
            assert_eq!(x12_cut(buf).unwrap(), full, "{len} bytes");
        }
    }

    #[test]
    fn threads_give_the_same_output_in_the_same_order() {
        // Valid and rejected sets, junk at the end: stdout, stderr and counts must not depend on
        // the number of threads (chunks of 997 bytes: many jobs, interchanges cut everywhere).
        let mut text = String::new();
        for n in 0..2000 {
            let ic = interchange(n);
            if n % 7 == 3 {
                text.push_str(&ic.replace("PO1*1*2*", "PO1*1*two*"));
            } else {
                text.push_str(&ic);
            }
        }
        text.push_str("ISA*00*junk~");
        let run = |threads: usize| {
            let mut out = Vec::new();
            let mut err = Vec::new();
            let summary =
                translate_in_chunks(text.as_bytes(), None, &mut out, &mut err, 997, threads)
                    .unwrap();
            (summary, out, err)
        };
        let one = run(1);
        assert_eq!(one.0.documents + one.0.rejected, 2000);
        assert!(one.0.rejected > 200);
        for threads in [2, 3, 8] {
            let many = run(threads);
            assert_eq!(many.0, one.0, "{threads} threads");
            assert!(many.1 == one.1, "stdout differs with {threads} threads");
            assert!(many.2 == one.2, "stderr differs with {threads} threads");
        }
        // Byte offsets count from the start of the input, not of the chunk they were read in:
        // the same whatever the chunk size, and pointing at the faulty segment.
        let err = String::from_utf8(one.2).unwrap();
        for bad in [text.find("PO1*1*two"), text.rfind("PO1*1*two")] {
            let at = bad.unwrap();
            assert!(
                err.contains(&format!("byte {at}:")),
                "no issue at byte {at}"
            );
        }
        let mut out = Vec::new();
        let mut whole_err = Vec::new();
        let whole =
            translate_in_chunks(text.as_bytes(), None, &mut out, &mut whole_err, 1 << 20, 2)
                .unwrap();
        assert_eq!(whole, one.0);
        assert!(
            whole_err == err.as_bytes(),
            "stderr differs with another chunk size"
        );
    }

    #[test]
    fn reused_buffers_of_any_size_give_the_same_output() {
        // Interchanges from one line to hundreds: jobs from one chunk to many, so the buffers
        // kept for reuse are sometimes too small (replaced) and sometimes larger than needed
        // (holding an earlier job's bytes, which must not show).
        let mut text = String::new();
        for n in 0..300 {
            let lines = [1, 400, 3, 150, 1, 2][n % 6];
            let po1: String = (1..=lines)
                .map(|l| format!("PO1*{l}*2*EA*3.5**VP*P-{n}-{l}~"))
                .collect();
            text.push_str(
                &interchange(n)
                    .replace("PO1*1*2*EA*3.5**VP*P-1~", &po1)
                    .replace(
                        "CTT*1~SE*5*0001~",
                        &format!("CTT*{lines}~SE*{}*0001~", 4 + lines),
                    ),
            );
        }
        let one = run(&text, 4096, 1);
        assert_eq!((one.0.documents, one.0.rejected), (300, 0), "{}", one.2);
        for threads in [2, 3] {
            let many = run(&text, 4096, threads);
            assert_eq!(many.0, one.0, "{threads} threads");
            assert!(many.1 == one.1, "stdout differs with {threads} threads");
            assert_eq!(many.2, one.2, "stderr differs with {threads} threads");
        }
    }

    /// `text` translated in chunks of `chunk` bytes on `threads` threads: the summary, stdout
    /// and stderr.
    fn run(text: &str, chunk: usize, threads: usize) -> (Summary, Vec<u8>, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let summary =
            translate_in_chunks(text.as_bytes(), None, &mut out, &mut err, chunk, threads).unwrap();
        (summary, out, String::from_utf8(err).unwrap())
    }

    /// The translation of `text` in one chunk on one thread, once other chunk sizes (cutting
    /// interchanges everywhere) and thread counts have given the same bytes.
    fn same_whatever_the_chunks(text: &str) -> (Summary, Vec<u8>, String) {
        let one = run(text, 1 << 20, 1);
        for (chunk, threads) in [(997, 1), (997, 2), (333, 2), (4096, 3), (1 << 20, 2)] {
            let other = run(text, chunk, threads);
            assert_eq!(other.0, one.0, "chunks of {chunk}, {threads} threads");
            assert!(
                other.1 == one.1,
                "stdout differs: chunks of {chunk}, {threads} threads"
            );
            assert_eq!(
                other.2, one.2,
                "stderr: chunks of {chunk}, {threads} threads"
            );
        }
        // With the input's length known (one buffer of that size, read a chunk at a time).
        for (chunk, threads) in [(997, 1), (333, 2), (1 << 20, 1)] {
            let len = Some(text.len() as u64);
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let summary =
                translate_in_chunks(text.as_bytes(), len, &mut out, &mut err, chunk, threads)
                    .unwrap();
            assert_eq!(
                summary, one.0,
                "sized, chunks of {chunk}, {threads} threads"
            );
            assert!(out == one.1, "stdout differs: sized, chunks of {chunk}");
            assert_eq!(String::from_utf8(err).unwrap(), one.2, "stderr: sized");
        }
        one
    }

    #[test]
    fn junk_between_interchanges_is_reported_once_whatever_the_chunks() {
        let mut text = String::new();
        for n in 0..400 {
            match n % 50 {
                // A segment `ISA` inside an interchange.
                30 => text.push_str(&interchange(n).replace("*P-1~", "*P-1~ISA*00~")),
                _ => text.push_str(&interchange(n)),
            }
            match n % 50 {
                7 => text.push_str("hello world\n"),
                // Junk with an `ISA` the reader starts a (broken) interchange at.
                20 => text.push_str("x ISA~\n"),
                _ => {}
            }
        }
        let (summary, _, err) = same_whatever_the_chunks(&text);
        // The stray ISAs swallow a few interchanges (reported on stderr).
        assert!(summary.documents >= 380, "{summary:?}\n{err}");
        let junk: Vec<&str> = err.lines().filter(|l| l.contains("hello world")).collect();
        let at: Vec<usize> = text.match_indices("hello world").map(|(i, _)| i).collect();
        assert_eq!(junk.len(), at.len(), "{err}");
        for (line, at) in junk.iter().zip(at) {
            assert!(line.contains(&format!("byte {at}:")), "{line}");
            assert!(line.contains("after the interchange trailer"), "{line}");
        }
    }

    /// The syntax is sniffed from a whole detection window, not from the first chunk: a BOM and
    /// 3,000 bytes of blank lines in front of the first interchange read the same in chunks of
    /// 333 bytes as in one; so does a file that is one interchange (translated on the reading
    /// thread when the input ends before any chunk went to a worker).
    #[test]
    fn a_long_blank_start_and_a_one_piece_input_read_the_same_whatever_the_chunks() {
        let mut text = String::from("\u{feff}");
        text.push_str(&"\r\n".repeat(1500));
        for n in 0..20 {
            text.push_str(&interchange(n));
        }
        let (summary, out, err) = same_whatever_the_chunks(&text);
        assert_eq!(summary.documents, 20, "{err}");
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 20);
        let (summary, _, err) = same_whatever_the_chunks(&interchange(7));
        assert_eq!((summary.documents, summary.rejected), (1, 0), "{err}");
    }

    /// An EDIFACT ORDERS interchange with the delimiters `|` (element) and `;` (terminator)
    /// that only the file's first UNA declares.
    fn edifact_interchange(n: usize) -> String {
        format!(
            "UNB|UNOC:3|5412345000013:14|5400000000003:14|261124:1000|IC{n};\n\
             UNH|1|ORDERS:D:96A:UN:EAN008;BGM|220|PO-{n}|9;DTM|137:20261124:102;\
             NAD|BY|5412345000013::9;LIN|1;PIA|5|P-1?|x:SA;QTY|21:2;PRI|AAA:3.5;UNS|S;\
             UNT|9|1;UNZ|1|IC{n};\n"
        )
    }

    /// A file smaller than a chunk is read in one pass, on one thread or two: an interchange
    /// reference used twice in it is found (across chunks it is not: ARCHITECTURE.md).
    #[test]
    fn a_repeated_interchange_reference_in_a_small_file_is_reported() {
        let text = format!(
            "UNA:|.? ;\n{}{}",
            edifact_interchange(1),
            edifact_interchange(1)
        );
        for threads in [1, 2] {
            let (summary, _, err) = run(&text, 1 << 20, threads);
            assert_eq!(summary.documents, 2, "{err}");
            let repeated: Vec<&str> = err.lines().filter(|l| l.contains("already used")).collect();
            assert_eq!(repeated.len(), 1, "{threads} threads: {err}");
            let second = text.rfind("UNB|").unwrap_or_default();
            let reference = second + text[second..].find("IC1").unwrap_or_default();
            let (line, first) = (repeated[0], text.find("UNB|").unwrap_or_default());
            assert!(
                line.contains(&format!("UNB05, byte {reference}:")),
                "{line}"
            );
            assert!(
                line.ends_with(&format!("at byte {first} (code 26)")),
                "{line}"
            );
        }
    }

    #[test]
    fn edifact_streams_across_chunks_with_one_una_for_the_whole_file() {
        let mut text = "UNA:|.? ;\n".to_owned();
        text.extend((0..1500).map(edifact_interchange));
        let mut out = Vec::new();
        let mut err = Vec::new();
        let summary =
            translate_in_chunks(text.as_bytes(), None, &mut out, &mut err, 997, 1).unwrap();
        assert_eq!(
            summary,
            Summary {
                documents: 1500,
                rejected: 0
            },
            "{}",
            String::from_utf8_lossy(&err)
        );
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert!(
            lines[1499].contains("\"order_number\":\"PO-1499\""),
            "{}",
            lines[1499]
        );
        // The release character kept `|` in the part number.
        assert!(
            lines[0].contains("\"supplier_part_id\":\"P-1|x\""),
            "{}",
            lines[0]
        );
    }

    #[test]
    fn edifact_junk_between_interchanges_is_reported_once_whatever_the_chunks() {
        let mut text = "UNA:|.? ;\n".to_owned();
        for n in 0..400 {
            text.push_str(&edifact_interchange(n));
            if n % 50 == 7 {
                text.push_str("FOO|1;\n");
            }
        }
        let (summary, _, err) = same_whatever_the_chunks(&text);
        assert_eq!(summary.documents, 400, "{err}");
        let junk: Vec<&str> = err.lines().filter(|l| l.contains("FOO")).collect();
        let at: Vec<usize> = text.match_indices("FOO|1;").map(|(i, _)| i).collect();
        assert_eq!(junk.len(), at.len(), "{err}");
        for (line, at) in junk.iter().zip(at) {
            assert!(line.contains(&format!("byte {at}:")), "{line}");
            assert!(
                line.contains("after the interchange trailer (UNZ)"),
                "{line}"
            );
        }
    }

    #[test]
    fn edifact_una_junk_and_una_issues_read_the_same_whatever_the_chunks() {
        // Each interchange with its own UNA, and junk between the UNA and the UNB of every
        // other one: named after the UNA wherever the chunks are cut.
        let mut junky = String::new();
        for n in 0..60 {
            junky.push_str("UNA:|.? ;\n");
            if n % 2 == 1 {
                junky.push_str("FOO|1;\n");
            }
            junky.push_str(&edifact_interchange(n));
        }
        let (_, _, err) = same_whatever_the_chunks(&junky);
        let foo: Vec<&str> = err.lines().filter(|l| l.contains("FOO")).collect();
        assert_eq!(foo.len(), 30, "{err}");
        assert!(foo
            .iter()
            .all(|l| l.contains("after the service string advice (UNA)")));
        // One UNA for the whole file, with a problem: reported once, at byte 0, although it is
        // put in front of every later chunk.
        let mut bad_una = "UNA:|;? '\n".to_owned();
        for n in 0..60 {
            bad_una.push_str(&edifact_interchange(n).replace(';', "'"));
        }
        let (_, _, err) = same_whatever_the_chunks(&bad_una);
        let una: Vec<&str> = err.lines().filter(|l| l.contains("UNA")).collect();
        assert_eq!(una.len(), 1, "{una:?}");
        assert!(una[0].contains("byte 0"), "{una:?}");
    }

    #[test]
    fn edifact_threads_give_the_same_output_in_the_same_order() {
        // One UNA for the whole file, a second UNA half-way (default delimiters from there on),
        // valid and rejected messages, an interchange without UNZ and junk at the end: stdout,
        // stderr and counts must not depend on the number of threads (chunks of 997 bytes).
        let mut text = "UNA:|.? ;\n".to_owned();
        for n in 0..1200 {
            let ic = edifact_interchange(n);
            if n % 7 == 3 {
                text.push_str(&ic.replace("QTY|21:2", "QTY|21:two"));
            } else {
                text.push_str(&ic);
            }
        }
        text.push_str("UNA:+.? '\n");
        for n in 1200..1800 {
            text.push_str(
                &edifact_interchange(n)
                    .replace('|', "+")
                    .replace(';', "'")
                    .replace("P-1?+x", "P-1?|x"),
            );
        }
        text.push_str("UNB+UNOC:3+A:14+B:14+261124:1000+CUT'UNH+1+ORDERS:D:96A:UN'BGM+220+X+9'");
        let run = |threads: usize| {
            let mut out = Vec::new();
            let mut err = Vec::new();
            let summary =
                translate_in_chunks(text.as_bytes(), None, &mut out, &mut err, 997, threads)
                    .unwrap();
            (summary, out, err)
        };
        let one = run(1);
        assert!(
            one.0.documents > 1500,
            "{}",
            String::from_utf8_lossy(&one.2)
        );
        assert!(one.0.rejected > 150);
        let lines: Vec<&str> = std::str::from_utf8(&one.1).unwrap().lines().collect();
        assert!(lines
            .last()
            .unwrap()
            .contains("\"order_number\":\"PO-1799\""));
        for threads in [2, 3, 8] {
            let many = run(threads);
            assert_eq!(many.0, one.0, "{threads} threads");
            assert!(many.1 == one.1, "stdout differs with {threads} threads");
            assert!(many.2 == one.2, "stderr differs with {threads} threads");
        }
        // Nor does the output depend on the chunk size: byte offsets count from the start of
        // the input (not of the chunk, nor of the UNA put in front of it), at the faulty QTY.
        let mut out = Vec::new();
        let mut err = Vec::new();
        let whole =
            translate_in_chunks(text.as_bytes(), None, &mut out, &mut err, 1 << 20, 2).unwrap();
        assert_eq!(whole, one.0);
        assert!(out == one.1, "stdout differs with another chunk size");
        assert!(err == one.2, "stderr differs with another chunk size");
        let err = String::from_utf8(err).unwrap();
        for bad in [text.find("QTY|21:two"), text.rfind("QTY|21:two")] {
            let at = bad.unwrap();
            assert!(
                err.contains(&format!("byte {at}:")),
                "no issue at byte {at}:\n{}",
                &err[..err.len().min(2000)]
            );
        }
    }

    #[test]
    fn a_long_edifact_message_reads_the_same_on_any_threads() {
        // One ORDERS of 30,000 body segments: long enough to have its LIN groups read on several
        // threads. With bad quantities (rejected, an issue each); with a header segment in the
        // group of line 4,500, in the second run of lines with two threads or three (a CUX: that
        // run is read again on this thread, and the order has its currency); with a second BGM
        // in every hundredth line (a warning each). The same output whatever the threads.
        let message = |bad: bool, extra: &dyn Fn(usize) -> &'static str| {
            let mut body =
                String::from("BGM+220+PO-LONG+9'DTM+137:20261124:102'NAD+BY+4000001000005::9'");
            for n in 1..=6000 {
                let qty = if bad && n % 997 == 0 {
                    "x".to_owned()
                } else {
                    (n % 40 + 1).to_string()
                };
                body.push_str(&format!(
                    "LIN+{n}++40000010{n:05}:EN'QTY+21:{qty}'PRI+AAA:{}.5'RFF+PD:{n}'DTM+2:20261201:102'{}",
                    n % 90 + 1,
                    extra(n)
                ));
            }
            body.push_str("UNS+S'CNT+2:6000'");
            let segments = body.matches('\'').count() + 2;
            format!(
                "UNB+UNOC:3+4000001000005:14+4000002000004:14+261124:1000+LONG'UNH+1+ORDERS:D:96A:UN:EAN008'{body}UNT+{segments}+1'UNZ+1+LONG'"
            )
        };
        let texts = [
            message(true, &|_| ""),
            message(false, &|n| if n == 4500 { "CUX+2:EUR:9'" } else { "" }),
            message(false, &|n| {
                if n % 100 == 0 {
                    "BGM+220+AGAIN+9'"
                } else {
                    ""
                }
            }),
        ];
        for (k, text) in texts.iter().enumerate() {
            let run = |threads: usize| {
                let mut out = Vec::new();
                let mut err = Vec::new();
                let summary = translate_in_chunks(
                    text.as_bytes(),
                    Some(text.len() as u64),
                    &mut out,
                    &mut err,
                    CHUNK,
                    threads,
                )
                .unwrap();
                (summary, out, err)
            };
            let one = run(1);
            let (out, err) = (
                String::from_utf8_lossy(&one.1),
                String::from_utf8_lossy(&one.2),
            );
            match k {
                0 => assert!(err.contains("quantity \"x\" is not a number"), "{err}"),
                1 => assert!(out.contains("\"currency\":\"EUR\""), "{err}"),
                _ => assert!(err.contains("A second BGM is ignored"), "{err}"),
            }
            for threads in [2, 3] {
                let many = run(threads);
                assert_eq!(many.0, one.0, "{threads} threads");
                assert!(many.1 == one.1, "stdout differs with {threads} threads");
                assert!(many.2 == one.2, "stderr differs with {threads} threads");
            }
        }
    }

    #[test]
    fn ubl_documents_translate() {
        let order = r#"<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
            <cbc:ID>PO-U</cbc:ID><cbc:IssueDate>2026-11-24</cbc:IssueDate>
            <cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:Quantity unitCode="EA">2</cbc:Quantity>
            <cac:Price><cbc:PriceAmount currencyID="EUR">3.5</cbc:PriceAmount></cac:Price>
            <cac:Item><cbc:Name>Paper</cbc:Name></cac:Item></cac:LineItem></cac:OrderLine></Order>"#;
        let mut out = Vec::new();
        let mut err = Vec::new();
        let summary = translate(order.as_bytes(), &mut out, &mut err).unwrap();
        assert_eq!(summary.documents, 1, "{}", String::from_utf8_lossy(&err));
        assert!(String::from_utf8_lossy(&out).contains("\"order_number\":\"PO-U\""));
    }

    #[test]
    fn rejected_sets_are_counted_and_explained() {
        let text = interchange(1).replace("PO1*1*2*", "PO1*1*two*");
        let mut out = Vec::new();
        let mut err = Vec::new();
        let summary = translate(text.as_bytes(), &mut out, &mut err).unwrap();
        assert_eq!(summary.rejected, 1, "{}", String::from_utf8_lossy(&err));
        assert!(out.is_empty());
        assert!(String::from_utf8_lossy(&err).contains("PO1"));
        let summary = translate(&b"hello"[..], &mut out, &mut err).unwrap();
        assert_eq!(summary.rejected, 1);
    }
}
