//! 865 Purchase Order Change Acknowledgment ↔ [`OrderResponse`] answering an
//! [`OrderChange`].

use model::{LineChangeKind, OrderChange, OrderResponse, PurchaseOrder, ResponseStatus};

use super::common::{fmt_date, Cx, Wx};
use super::order::{read_order_like, LineSeg};
use super::ts855::{
    ack_type, fill_response, plan, read_ack_type, write_groups, write_header_common, write_summary,
    HeaderContext,
};
use crate::x12::{SegmentWriter, TransactionSet};
use crate::Issue;

/// Reads an 865 into an [`OrderResponse`].
///
/// `BCA`: 02 acknowledgment type → `status` (as BAK02 in the 855), 03 → `order_number`,
/// 05 change sequence → extrinsic `change_sequence`, 06 → `order_date`, 09 →
/// `response_number`, 10 → `response_date`. POC loops are response lines (POC03 →
/// `ordered_quantity`); their ACKs are read as in the 855; a POC without ACK is answered by its
/// change type (`DI` rejected, `NC`/`AI` accepted, other changes changed, POC03 confirmed).
pub fn read_865(ts: &TransactionSet<'_>) -> (OrderResponse, Vec<Issue>) {
    let mut cx = Cx::default();
    let segs = cx.open(ts, "865");
    let mut resp = OrderResponse::new("", ResponseStatus::Pending);
    let mut header = None;
    if let Some(bca) = cx.beginning(&segs, "BCA") {
        header = read_ack_type(&mut cx, &bca, 2);
        resp.order_number = cx
            .required(&bca, 3, "purchase order number")
            .unwrap_or_default()
            .to_owned();
        if let Some(seq) = bca.el(5) {
            resp.extrinsics
                .insert("change_sequence".into(), seq.to_owned());
        }
        resp.order_date = cx.date(&bca, 6, "purchase order date");
        resp.response_number = bca.el(9).map(str::to_owned);
        resp.response_date = cx.date(&bca, 10, "acknowledgment date");
    }
    let doc = read_order_like(&mut cx, &segs, "BCA", LineSeg::Poc);
    fill_response(&mut cx, &mut resp, doc, header);
    (resp, cx.issues)
}

/// Writes the body of an 865 answering `change` (when given) with `resp`.
///
/// `BCA*00*<type>*<order number>**<change sequence>*<order date>***<response number>*<response
/// date>`, then the 855 header (CUR, REF, N9/MSG, N1), one POC loop per line number (POC02 the
/// change type being answered: `AI` added, `CA` changed, `DI` cancelled, `NC` unchanged; `CA`
/// with a warning without the change) with PID, DTM and ACKs exactly as the 855's PO1 loops,
/// CTT and AMT. The order date (BCA06, mandatory) is the response's, else the change's.
pub fn write_865(
    w: &mut SegmentWriter,
    resp: &OrderResponse,
    change: Option<&OrderChange>,
) -> Vec<Issue> {
    let mut wx = Wx::new(w);
    // The change's lines, as the "order" the response is planned against.
    let as_order = change.map(|c| PurchaseOrder {
        order_number: c.order_number.clone(),
        order_date: c.order_date,
        lines: c.lines.iter().map(|l| l.line.clone()).collect(),
        ..PurchaseOrder::default()
    });
    let mut groups = plan(&mut wx, resp, as_order.as_ref());
    for g in &mut groups {
        let kind = change.and_then(|c| {
            c.lines
                .iter()
                .find(|l| l.line.line_number == g.number)
                .map(|l| l.change)
        });
        g.change_code = Some(match kind {
            Some(LineChangeKind::Added) => "AI",
            Some(LineChangeKind::Changed) => "CA",
            Some(LineChangeKind::Cancelled) => "DI",
            Some(LineChangeKind::Unchanged) => "NC",
            None => "CA",
        });
        if kind.is_none() {
            wx.warn(
                "POC",
                Some(2),
                &format!("lines[line_number={}]", g.number),
                "The change type of the line is unknown; POC02 written as CA",
            );
        }
    }
    let code = ack_type(resp, &groups, change.is_some());
    let po = wx.ident("BCA", 3, "order_number", &resp.order_number, 22);
    let seq = change
        .and_then(|c| c.change_sequence)
        .map(|n| n.to_string())
        .or_else(|| resp.extrinsics.get("change_sequence").cloned())
        .unwrap_or_default();
    let order_date = resp.order_date.or(change.and_then(|c| c.order_date));
    if order_date.is_none() {
        wx.error(
            "BCA",
            Some(6),
            "order_date",
            "The purchase order date (BCA06, mandatory) is unknown",
        );
    }
    let od = order_date.map(fmt_date).unwrap_or_default();
    let rn = resp
        .response_number
        .as_deref()
        .map(|r| wx.ident("BCA", 9, "response_number", r, 30))
        .unwrap_or_default();
    let rd = resp
        .response_date
        .or(resp.issued_at.map(|t| t.date_naive()))
        .map(fmt_date)
        .unwrap_or_default();
    wx.seg("BCA", &["00", code, &po, "", &seq, &od, "", "", &rn, &rd]);
    let ctx = HeaderContext {
        currency: change.and_then(|c| c.currency.as_ref()),
        buyer: change.and_then(|c| c.buyer.as_ref()),
        seller: change.and_then(|c| c.seller.as_ref()),
        ship_to: change.and_then(|c| c.ship_to.as_ref()),
    };
    write_header_common(&mut wx, resp, ctx);
    let detail = code != "RJ" && !groups.is_empty();
    if detail {
        write_groups(&mut wx, &groups, "POC");
    }
    write_summary(&mut wx, resp, &groups, detail);
    wx.cx.issues
}
