//! A written-out path for purchase orders, the bulk of what `b2bgate translate` writes.
//!
//! The generic writer spends most of its time per field rather than per byte: a comma check,
//! the key copied between quotes, an `Option` unwrapped through serde, then the value. Here the
//! order, its lines and its parties are written field by field with each key, its comma and
//! quotes as one literal, and decimals and dates are written as bytes straight from their
//! digits. Fields that are rarely there (charges, taxes, contacts…) still go through the
//! generic writer.
//!
//! The bytes are the same as serde_json's for every order (a test holds the two side by side on
//! random orders with every field). Each type is taken apart with a pattern that names all of
//! its fields, so a field added to the model does not compile here until it is written.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{write_int, write_str, Error, Writer};
use crate::{Document, Extrinsics, OrderLine, Party, PurchaseOrder};

/// Appends the compact JSON form of `doc`: the same bytes as [`super::write`], written faster
/// for purchase orders.
pub fn write_document(doc: &Document, out: &mut Vec<u8>) -> Result<(), Error> {
    match doc {
        Document::PurchaseOrder(po) => purchase_order(po, out),
        other => super::write(other, out),
    }
}

/// `,"key":` as one literal.
macro_rules! key {
    ($name:literal) => {
        concat!(",\"", $name, "\":").as_bytes()
    };
}

/// Any value, through the generic writer.
fn value<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> Result<(), Error> {
    v.serialize(&mut Writer { out })
}

/// A field with a string value, when there is one.
#[inline]
fn opt_str(out: &mut Vec<u8>, key: &[u8], v: Option<&str>) {
    if let Some(v) = v {
        out.extend_from_slice(key);
        write_str(out, v);
    }
}

/// A decimal as [`crate::decimal::serialize`] writes it (digits, sign and point: nothing to
/// escape).
fn decimal(out: &mut Vec<u8>, v: &Decimal) {
    let mut buf = [0u8; crate::decimal::TEXT_MAX];
    out.push(b'"');
    out.extend_from_slice(crate::decimal::text_bytes(v, &mut buf));
    out.push(b'"');
}

/// A date as [`crate::date::serialize`] writes it.
fn date(out: &mut Vec<u8>, d: &NaiveDate) -> Result<(), Error> {
    let mut buf = [0u8; 10];
    match crate::date::text(d, &mut buf) {
        Some(()) => {
            out.push(b'"');
            out.extend_from_slice(&buf);
            out.push(b'"');
            Ok(())
        }
        None => value(out, d),
    }
}

/// A field with any value, when there is one.
fn opt<T: Serialize>(out: &mut Vec<u8>, key: &[u8], v: Option<&T>) -> Result<(), Error> {
    if let Some(v) = v {
        out.extend_from_slice(key);
        value(out, v)?;
    }
    Ok(())
}

/// The extrinsics field, when there are some.
fn extrinsics(out: &mut Vec<u8>, e: &Extrinsics) -> Result<(), Error> {
    if !e.is_empty() {
        out.extend_from_slice(key!("extrinsics"));
        value(out, e)?;
    }
    Ok(())
}

/// A list field, when the list is not empty.
fn list<T: Serialize>(out: &mut Vec<u8>, key: &[u8], v: &[T]) -> Result<(), Error> {
    if !v.is_empty() {
        out.extend_from_slice(key);
        value(out, v)?;
    }
    Ok(())
}

fn purchase_order(po: &PurchaseOrder, out: &mut Vec<u8>) -> Result<(), Error> {
    let PurchaseOrder {
        doc_type,
        order_number,
        purpose,
        order_date,
        issued_at,
        currency,
        buyer,
        seller,
        ship_to,
        bill_to,
        payment_terms,
        lines,
        charges,
        taxes,
        shipping,
        totals,
        references,
        comments,
        extrinsics,
    } = po;
    out.extend_from_slice(b"{\"type\":");
    value(out, doc_type)?;
    out.extend_from_slice(key!("order_number"));
    write_str(out, order_number);
    out.extend_from_slice(key!("purpose"));
    value(out, purpose)?;
    if let Some(d) = order_date {
        out.extend_from_slice(key!("order_date"));
        date(out, d)?;
    }
    opt(out, key!("issued_at"), issued_at.as_ref())?;
    opt_str(out, key!("currency"), currency.as_ref().map(|c| c.as_str()));
    for (key, party) in [
        (key!("buyer"), buyer),
        (key!("seller"), seller),
        (key!("ship_to"), ship_to),
        (key!("bill_to"), bill_to),
    ] {
        if let Some(p) = party {
            out.extend_from_slice(key);
            self::party(out, p)?;
        }
    }
    opt(out, key!("payment_terms"), payment_terms.as_ref())?;
    if let Some((first, rest)) = lines.split_first() {
        out.extend_from_slice(key!("lines"));
        out.push(b'[');
        line(out, first)?;
        for l in rest {
            out.push(b',');
            line(out, l)?;
        }
        out.push(b']');
    }
    list(out, key!("charges"), charges)?;
    list(out, key!("taxes"), taxes)?;
    opt(out, key!("shipping"), shipping.as_ref())?;
    opt(out, key!("totals"), totals.as_ref())?;
    list(out, key!("references"), references)?;
    list(out, key!("comments"), comments)?;
    self::extrinsics(out, extrinsics)?;
    out.push(b'}');
    Ok(())
}

fn line(out: &mut Vec<u8>, l: &OrderLine) -> Result<(), Error> {
    let OrderLine {
        line_number,
        quantity,
        unit_of_measure,
        unit_price,
        description,
        supplier_part_id,
        supplier_part_aux_id,
        buyer_part_id,
        gtin,
        manufacturer_part_id,
        manufacturer_name,
        classification,
        requested_delivery_date,
        ship_to,
        charges,
        taxes,
        comments,
        extrinsics,
    } = l;
    out.extend_from_slice(b"{\"line_number\":");
    write_int(out, *line_number);
    out.extend_from_slice(key!("quantity"));
    decimal(out, quantity);
    opt_str(
        out,
        key!("unit_of_measure"),
        unit_of_measure.as_ref().map(|u| u.as_str()),
    );
    if let Some(p) = unit_price {
        out.extend_from_slice(key!("unit_price"));
        decimal(out, p);
    }
    opt_str(out, key!("description"), description.as_deref());
    opt_str(out, key!("supplier_part_id"), supplier_part_id.as_deref());
    opt_str(
        out,
        key!("supplier_part_aux_id"),
        supplier_part_aux_id.as_deref(),
    );
    opt_str(out, key!("buyer_part_id"), buyer_part_id.as_deref());
    opt_str(out, key!("gtin"), gtin.as_ref().map(|g| g.as_str()));
    opt_str(
        out,
        key!("manufacturer_part_id"),
        manufacturer_part_id.as_deref(),
    );
    opt_str(out, key!("manufacturer_name"), manufacturer_name.as_deref());
    list(out, key!("classification"), classification)?;
    if let Some(d) = requested_delivery_date {
        out.extend_from_slice(key!("requested_delivery_date"));
        date(out, d)?;
    }
    if let Some(p) = ship_to {
        out.extend_from_slice(key!("ship_to"));
        party(out, p)?;
    }
    list(out, key!("charges"), charges)?;
    list(out, key!("taxes"), taxes)?;
    list(out, key!("comments"), comments)?;
    self::extrinsics(out, extrinsics)?;
    out.push(b'}');
    Ok(())
}

fn party(out: &mut Vec<u8>, p: &Party) -> Result<(), Error> {
    let Party {
        name,
        identifiers,
        address_lines,
        city,
        region,
        postal_code,
        country,
        contacts,
    } = p;
    // Every field may be missing: the keys are written with their comma, and the first one
    // written has its comma replaced by the brace.
    let open = out.len();
    opt_str(out, key!("name"), name.as_deref());
    if let Some((first, rest)) = identifiers.split_first() {
        out.extend_from_slice(key!("identifiers"));
        out.push(b'[');
        for (i, id) in std::iter::once(first).chain(rest).enumerate() {
            let crate::Identifier { scheme, value } = id;
            out.extend_from_slice(if i == 0 {
                b"{\"scheme\":"
            } else {
                b",{\"scheme\":"
            });
            write_str(out, scheme);
            out.extend_from_slice(key!("value"));
            write_str(out, value);
            out.push(b'}');
        }
        out.push(b']');
    }
    list(out, key!("address_lines"), address_lines)?;
    opt_str(out, key!("city"), city.as_deref());
    opt_str(out, key!("region"), region.as_deref());
    opt_str(out, key!("postal_code"), postal_code.as_deref());
    opt_str(out, key!("country"), country.as_deref());
    list(out, key!("contacts"), contacts)?;
    match out.get_mut(open) {
        Some(comma) => *comma = b'{',
        None => out.push(b'{'),
    }
    out.push(b'}');
    Ok(())
}
