use super::*;

#[test]
fn unknown_key_is_rejected() {
    let err = serde_json::from_str::<OciProfile>(
        r#"{"username":"u","password":{"env":"X"},"passwrd":1}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown field `passwrd`"), "{err}");
}

#[test]
fn value_ref_accepts_literal_and_env() {
    let lit: ValueRef = serde_json::from_str(r#""http://x""#).unwrap();
    assert_eq!(lit, ValueRef::Literal("http://x".into()));
    let env: ValueRef = serde_json::from_str(r#"{"env":"A","default":"d"}"#).unwrap();
    assert_eq!(
        env,
        ValueRef::Env(EnvValue {
            env: "A".into(),
            default: Some("d".into())
        })
    );
}

#[test]
fn x12_ack_kind_names() {
    let k: X12AckKind = serde_json::from_str(r#""999""#).unwrap();
    assert_eq!(k, X12AckKind::Ia999);
    assert_eq!(
        serde_json::to_string(&X12AckKind::Fa997).unwrap(),
        r#""997""#
    );
}
