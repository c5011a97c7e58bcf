//! Fuzz the cXML reader, the punchout front door: `read` on any bytes, then the maps of what it
//! read (OrderRequest → purchase order, PunchOutOrderMessage → cart) and the POOM writer on
//! that cart, echoing the envelope read (its credentials, cookie and attributes, whatever they
//! hold); nothing may panic. Seed with `../../../../shared/corpus/cxml`.

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::cxml::{
    parse_timestamp, read, write_punchout_order_message, Body, Credential, Limits, Message, Meta,
    OperationAllowed, PoomParams, Request,
};

fuzz_target!(|data: &[u8]| {
    let Ok(r) = read(data) else {
        return;
    };
    let doc = r.doc;
    if let Some(ts) = &doc.timestamp {
        let _ = parse_timestamp(ts);
    }
    let cart = match &doc.body {
        Body::Request {
            request: Request::Order(o),
            ..
        } => {
            let (po, _) = o.to_purchase_order();
            let _ = po.validate();
            return;
        }
        Body::Message {
            message: Message::PunchOutOrder(m),
            ..
        } => m.to_cart().0,
        _ => return,
    };
    let header = doc.header.clone().unwrap_or_default();
    let params = PoomParams {
        meta: Meta {
            payload_id: doc.payload_id.clone(),
            timestamp: doc.timestamp.clone().unwrap_or_default(),
            lang: doc.lang.clone().unwrap_or_default(),
        },
        from: header.to.clone(),
        to: header.from.clone(),
        sender: header
            .sender
            .first()
            .cloned()
            .unwrap_or_else(|| Credential::new("", "")),
        user_agent: header.user_agent.clone().unwrap_or_default(),
        buyer_cookie: cart.buyer_cookie.clone(),
        operation_allowed: OperationAllowed::Edit,
        deployment_mode: Some("test".into()),
        currency: cart
            .currency
            .as_ref()
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
    };
    let (xml, _) = write_punchout_order_message(&params, &cart, &Limits::default());
    // What we write reads back.
    let _ = read(xml.as_bytes());
});
