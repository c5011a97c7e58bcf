//! X12 data element reference numbers (AK402 / IK402) of the segments b2bgate reads: the
//! element dictionary numbers of the ASC X12 segment directory (the same in 003060–005010 for
//! these positions). Used to name the element in a 997/999 data element note.

/// The data element reference number of element `position` (1-based) of segment `segment`,
/// when this table knows it.
pub fn reference(segment: &str, position: usize) -> Option<&'static str> {
    // Repeating product id pairs: qualifier (235) then id (234).
    let pair = |first: usize| -> Option<&'static str> {
        (position >= first).then(|| {
            if (position - first).is_multiple_of(2) {
                "235"
            } else {
                "234"
            }
        })
    };
    let table: &[&str] = match segment {
        "BEG" => &["353", "92", "324", "328", "373", "367", "587", "1019"],
        "BCH" => &[
            "353", "92", "324", "328", "327", "373", "326", "373", "640", "367", "353", "373",
        ],
        "CUR" => &["98", "100", "280", "98", "100", "669"],
        "REF" => &["128", "127", "352"],
        "PER" => &["366", "93", "365", "364", "365", "364", "365", "364"],
        "DTM" => &["374", "373", "337", "623", "1250", "1251"],
        "FOB" => &["146", "309", "352", "334", "335", "309", "352", "54", "352"],
        "ITD" => &[
            "336", "333", "338", "370", "351", "446", "386", "362", "388", "389", "342", "352",
        ],
        "TD5" => &[
            "133", "66", "67", "91", "387", "368", "309", "310", "731", "732", "733", "284",
        ],
        "N1" => &["98", "93", "66", "67", "706", "98"],
        "N2" => &["93", "93"],
        "N3" => &["166", "166"],
        "N4" => &["19", "156", "116", "26", "309", "310"],
        "PO1" if position >= 6 => return pair(6),
        "PO1" => &["350", "330", "355", "212", "639"],
        "POC" if position >= 8 => return pair(8),
        "POC" => &["350", "670", "380", "671", "355", "212", "639"],
        "PID" => &[
            "349", "750", "559", "751", "352", "752", "822", "1073", "819",
        ],
        "PO4" => &[
            "356", "357", "355", "103", "187", "384", "355", "82", "189", "65", "355", "385",
        ],
        "SAC" => &[
            "248", "1300", "559", "1301", "610", "378", "332", "118", "355", "380", "380", "331",
            "127", "770", "352", "819",
        ],
        "CTT" => &["354", "347", "81", "355", "183", "355", "352"],
        "AMT" => &["522", "782", "478"],
        "MSG" => &["933", "934", "1470"],
        "N9" => &["128", "127", "369", "373", "337", "623"],
        "AK1" => &["479", "28", "480"],
        "AK2" => &["143", "329", "1705"],
        "AK3" | "IK3" => &["721", "719", "447", "720"],
        "AK4" | "IK4" => &["C030", "725", "723", "724"],
        "AK5" | "IK5" => &["717", "718", "718", "718", "718", "718"],
        "AK9" => &["715", "97", "123", "2", "716", "716", "716", "716", "716"],
        _ => return None,
    };
    table.get(position.checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::reference;

    #[test]
    fn known_elements_have_their_dictionary_numbers() {
        assert_eq!(reference("BEG", 1), Some("353"));
        assert_eq!(reference("BEG", 3), Some("324"));
        assert_eq!(reference("PO1", 2), Some("330"));
        assert_eq!(reference("PO1", 6), Some("235"));
        assert_eq!(reference("PO1", 7), Some("234"));
        assert_eq!(reference("PO1", 25), Some("234"));
        assert_eq!(reference("POC", 9), Some("234"));
        assert_eq!(reference("N1", 4), Some("67"));
        assert_eq!(reference("BEG", 0), None);
        assert_eq!(reference("BEG", 99), None);
        assert_eq!(reference("ZZZ", 1), None);
    }
}
