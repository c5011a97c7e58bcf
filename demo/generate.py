#!/usr/bin/env python3
"""Generates demo/catalog.csv and demo/price-list.csv (the demo catalog embedded in b2bgate).

The files are committed; this script only documents how they were made. Edit the tables below
and run `python3 demo/generate.py` from the repository root to regenerate them. Brands and part
numbers are fictional; UNSPSC codes are real commodity codes matching each product. GTINs use
the GS1 restricted-circulation prefix 20-29, so they cannot collide with real products.
"""
import csv
import os

PLACEHOLDER = "/punchout/static/placeholder.svg"
HERE = os.path.dirname(os.path.abspath(__file__))

COLUMNS = [
    "supplier_part_id", "supplier_part_aux_id", "description", "long_description",
    "unit_of_measure", "unspsc", "category", "manufacturer_name", "manufacturer_part_id",
    "gtin", "list_price", "currency", "lead_time_days", "min_quantity", "quantity_increment",
    "image_url", "url",
]

_gtin_seq = [0]


def gtin():
    _gtin_seq[0] += 1
    body = "2004711" + f"{_gtin_seq[0]:05d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


ROWS = []


def item(part, desc, long, uom, unspsc, cat, mfr, mpn, price, lead=2, aux="", minq="",
         incr="", url=True):
    ROWS.append({
        "supplier_part_id": part, "supplier_part_aux_id": aux, "description": desc,
        "long_description": long, "unit_of_measure": uom, "unspsc": unspsc, "category": cat,
        "manufacturer_name": mfr, "manufacturer_part_id": mpn, "gtin": gtin(),
        "list_price": price, "currency": "EUR", "lead_time_days": str(lead),
        "min_quantity": minq, "quantity_increment": incr, "image_url": PLACEHOLDER,
        "url": f"https://shop.example.com/p/{part}" if url else "",
    })


# ----- Office Supplies ------------------------------------------------------------------------
W = "Office Supplies > Writing Instruments"
for colour, code in [("Blue", "BL"), ("Black", "BK"), ("Red", "RD"), ("Green", "GN")]:
    item(f"OS-PEN-1001-{code}", f"Ballpoint pen, retractable, medium 1.0 mm, {colour.lower()}, box of 10",
         f"Retractable ballpoint pen with rubber grip and refillable cartridge, {colour.lower()} "
         "low-viscosity ink, line width 0.4 mm, document-proof to ISO 12757-2.",
         "BX", "44121704", W, "Scriptor", f"SC-RB10-{code}", "6.90", aux=colour)
item("OS-PEN-1002", "Rollerball pen, liquid ink, fine 0.5 mm, black, box of 12",
     "Liquid-ink rollerball with visible ink supply and metal clip; smudge-resistant, line width 0.3 mm.",
     "BX", "44121701", W, "Scriptor", "SC-LQ05-BK", "18.40")
item("OS-PEN-1003", "Gel pen, retractable, 0.7 mm, assorted colours, pack of 8",
     "Quick-dry gel ink in 8 colours (black, blue, red, green, violet, pink, orange, turquoise).",
     "PK", "44121704", W, "Scriptor", "SC-GEL8-AS", "9.80")
item("OS-PCL-1010", "Graphite pencil HB with eraser tip, box of 12",
     "FSC-certified cedar wood pencil, break-resistant 2 mm HB lead, pre-sharpened, latex-free eraser.",
     "BX", "44121706", W, "Scriptor", "SC-HB12E", "3.60")
item("OS-PCL-1011", "Graphite pencil 2B, box of 12",
     "Soft 2B graphite for sketching and marking, hexagonal barrel, FSC-certified wood.",
     "BX", "44121706", W, "Scriptor", "SC-2B12", "3.90")
item("OS-PCL-1012", "Mechanical pencil 0.5 mm HB with eraser",
     "Metal tip, lead-cushioning mechanism, replaceable eraser, 0.5 mm HB lead included.",
     "EA", "44121705", W, "Scriptor", "SC-MP05", "2.95")
item("OS-PCL-1013", "Colouring pencils, 24 colours, metal tin",
     "Triangular barrel, 3.3 mm break-resistant colour leads, in a reusable metal tin.",
     "SET", "44121706", W, "Scriptor", "SC-CP24", "12.50")
for colour, code in [("Yellow", "YE"), ("Green", "GN"), ("Pink", "PK"), ("Orange", "OR")]:
    item(f"OS-HLT-1020-{code}", f"Highlighter, chisel tip 1-5 mm, fluorescent {colour.lower()}, box of 10",
         "Water-based fluorescent ink, anti-dry-out cap technology, suitable for inkjet and fax paper.",
         "BX", "44121716", W, "Scriptor", f"SC-HL10-{code}", "7.20", aux=colour)
item("OS-MRK-1030", "Permanent marker, bullet tip 1.5-3 mm, black, box of 10",
     "Quick-drying, waterproof and light-resistant ink; writes on paper, plastic, metal and glass.",
     "BX", "44121708", W, "Scriptor", "SC-PM10-BK", "11.90")
item("OS-MRK-1031", "Whiteboard marker set, chisel tip, 4 colours",
     "Low-odour, dry-wipe ink in black, blue, red and green; bullet and chisel tips.",
     "SET", "44121708", W, "Scriptor", "SC-WB4", "5.40")
item("OS-ERS-1040", "Plastic eraser, PVC-free, pack of 20",
     "Phthalate- and latex-free vinyl eraser in protective sleeve, erases graphite cleanly.",
     "PK", "44121804", W, "Scriptor", "SC-ER20", "8.20")
item("OS-COR-1041", "Correction tape roller 4.2 mm x 10 m, pack of 10",
     "Side-application roller, immediate overwriting, with protective cap.",
     "PK", "44121802", W, "Scriptor", "SC-CT10", "16.90")

P = "Office Supplies > Paper"
item("OS-PAP-2001", "Copy paper A4, 80 g/m², white, ream of 500 sheets",
     "Multipurpose paper for laser, inkjet and copiers; CIE whiteness 161, EU Ecolabel, FSC Mix.",
     "RM", "14111507", P, "Papyra", "PY-A4-80", "4.49", lead=1)
item("OS-PAP-2002", "Copy paper A4, 80 g/m², white, carton of 5 reams",
     "2,500 sheets of everyday copy paper in a carton; CIE whiteness 161, FSC Mix.",
     "CT", "14111507", P, "Papyra", "PY-A4-80-5", "21.50", lead=1)
item("OS-PAP-2003", "Copy paper A3, 80 g/m², white, ream of 500 sheets",
     "A3 format for copiers and large-format printers; EU Ecolabel.",
     "RM", "14111507", P, "Papyra", "PY-A3-80", "9.95", lead=1)
item("OS-PAP-2004", "Premium laser paper A4, 100 g/m², ream of 500 sheets",
     "Heavier, ultra-white paper (CIE 170) for presentations and duplex printing.",
     "RM", "14111525", P, "Papyra", "PY-A4-100P", "8.90")
item("OS-PAP-2005", "Recycled copy paper A4, 80 g/m², ream of 500 sheets",
     "100 % recycled fibres, Blue Angel certified, ISO whiteness 80.",
     "RM", "14111507", P, "Papyra", "PY-A4-80R", "4.79", lead=1)
item("OS-PAP-2006", "Coloured copy paper A4, 80 g/m², pastel assorted, ream of 500",
     "Five pastel colours, 100 sheets each, for forms and colour coding.",
     "RM", "14111525", P, "Papyra", "PY-A4-80PA", "9.40")
item("OS-NTB-2010", "Spiral notebook A4, ruled, 80 sheets, 90 g/m²",
     "Double-wire binding, micro-perforated and 4-hole punched, polypropylene cover.",
     "EA", "14111514", P, "Papyra", "PY-NB-A4L", "3.25")
item("OS-NTB-2011", "Spiral notebook A5, squared 5 mm, 80 sheets",
     "Double-wire binding, micro-perforated, card cover.", "EA", "14111514", P, "Papyra",
     "PY-NB-A5Q", "2.10")
item("OS-NTB-2012", "Writing pad A4, ruled with margin, 50 sheets, pack of 10",
     "Top-glued pad with board back, 70 g/m² wood-free paper.", "PK", "14111514", P, "Papyra",
     "PY-WP-A4", "12.90")
item("OS-NTE-2020", "Sticky notes 76 x 76 mm, yellow, pack of 12 pads",
     "100 sheets per pad, repositionable adhesive, PEFC-certified paper.",
     "PK", "14111530", P, "Papyra", "PY-SN76-Y12", "9.60")
item("OS-NTE-2021", "Sticky notes 76 x 127 mm, neon assorted, pack of 6 pads",
     "100 sheets per pad in five neon colours.", "PK", "14111530", P, "Papyra",
     "PY-SN127-N6", "7.80")
item("OS-IDX-2030", "Index cards A7, ruled, white, pack of 100",
     "190 g/m² card, ruled on one side.", "PK", "14111518", P, "Papyra", "PY-IC-A7", "2.40")

F = "Office Supplies > Filing"
for colour, code in [("Black", "BK"), ("Blue", "BL"), ("Red", "RD"), ("Grey", "GY")]:
    item(f"OS-LAF-3001-{code}", f"Lever arch file A4, 80 mm spine, {colour.lower()}",
         "PP-covered board with metal edge protection, finger hole and replaceable spine label.",
         "EA", "44122035", F, "Nordal Office", f"NO-LA80-{code}", "3.95", aux=colour)
item("OS-BND-3010", "Ring binder A4, 2 D-rings 25 mm, white presentation cover",
     "Clear overlay pockets on front, back and spine for inserts.", "EA", "44122003", F,
     "Nordal Office", "NO-RB25-WH", "2.85")
item("OS-FLD-3020", "Manila folder A4, 250 g/m², pack of 100",
     "Straight-cut folders with scored fold for expansion.", "PK", "44122011", F,
     "Nordal Office", "NO-MF100", "14.90")
item("OS-FLD-3021", "Clear punched pockets A4, 50 micron, pack of 100",
     "Top-opening, 11-hole punched, glass-clear polypropylene.", "PK", "44122011", F,
     "Nordal Office", "NO-PP100", "6.50")
item("OS-HFL-3030", "Hanging file folders A4, green, box of 25",
     "Kraft board with V-base, metal rails and index tabs with inserts.", "BX", "44122017", F,
     "Nordal Office", "NO-HF25", "19.90")

D = "Office Supplies > Desk Accessories"
item("OS-CLP-4001", "Paper clips 28 mm, galvanised, box of 100",
     "Round-end wire clips for up to 10 sheets.", "BX", "44122104", D, "Nordal Office",
     "NO-PC28", "0.65", minq="10", incr="10")
item("OS-STP-4010", "Staples 24/6, galvanised, box of 1000",
     "Standard staples for up to 30 sheets, fit most desk staplers.", "BX", "44122107", D,
     "Kelvo", "KV-246-1000", "0.95", minq="10", incr="10")
item("OS-STA-4011", "Desk stapler, 24/6 and 26/6, up to 30 sheets",
     "Full-strip metal stapler with open or closed clinch and non-slip base.", "EA", "44121615", D,
     "Kelvo", "KV-DS30", "14.90")
item("OS-STA-4012", "Heavy-duty stapler, up to 200 sheets",
     "Lever-action stapler with depth guide, uses 23/8 to 23/24 staples.", "EA", "44121615", D,
     "Kelvo", "KV-HD200", "59.00", lead=3)
item("OS-SCI-4020", "Office scissors 21 cm, stainless steel, soft grip",
     "Symmetric handles for left- and right-handed use.", "EA", "44121618", D, "Kelvo",
     "KV-SC21", "4.80")
item("OS-TRY-4030", "Letter tray A4, stackable, smoke grey",
     "High-impact polystyrene tray, stacks straight or staggered.", "EA", "44111503", D,
     "Nordal Office", "NO-LT-GY", "3.40")
item("OS-WBD-4040", "Magnetic whiteboard 120 x 90 cm, aluminium frame",
     "Lacquered steel surface, pen tray and wall-mounting kit included.", "EA", "44111905", D,
     "Nordal Office", "NO-WB12090", "89.00", lead=5)
item("OS-SHR-4050", "Paper shredder, cross cut P-4, 12 sheets, 23 l bin",
     "Shreds paper, staples and credit cards; auto start/stop and overheat protection.", "EA",
     "44101603", D, "Kelvo", "KV-SH12P4", "149.00", lead=4)
item("OS-CAL-4060", "Scientific calculator, 252 functions, solar and battery",
     "Two-line display, fractions and statistics, protective cover.", "EA", "44101808", D,
     "Kelvo", "KV-SC252", "18.90")

# ----- Printing -------------------------------------------------------------------------------
T = "Printing > Toner & Ink"
for model_, colour, code, price, yield_ in [
    ("LX-410", "black", "BK", "89.00", "6,000"), ("LX-410", "cyan", "C", "119.00", "5,000"),
    ("LX-410", "magenta", "M", "119.00", "5,000"), ("LX-410", "yellow", "Y", "119.00", "5,000"),
    ("LX-520", "black", "BK", "129.00", "12,000"),
]:
    item(f"PR-TON-{model_}-{code}", f"Toner cartridge {model_}, {colour}, {yield_} pages",
         f"Compatible toner for Tonerix {model_} series colour laser printers; yield to ISO/IEC 19798.",
         "EA", "44103103", T, "Tonerix", f"TX-{model_}-{code}", price, aux=colour.capitalize())
item("PR-TON-MF300-BK", "Toner cartridge MF-300, black, high yield 15,000 pages",
     "For Tonerix MF-300 multifunction copiers; yield to ISO/IEC 19752.", "EA", "44103103", T,
     "Tonerix", "TX-MF300-HY", "149.00")
item("PR-INK-J20-BK", "Ink cartridge J-20, black, 600 pages", "Pigment ink for Tonerix J-20 inkjet printers.",
     "EA", "44103105", T, "Tonerix", "TX-J20-BK", "24.90")
item("PR-INK-J20-CMY", "Ink cartridge J-20, colour multipack (C/M/Y)",
     "Three dye-based colour cartridges, 450 pages each.", "PK", "44103105", T, "Tonerix",
     "TX-J20-CMY", "49.90")
item("PR-DRM-LX410", "Imaging drum LX-410, 30,000 pages", "Replacement drum unit for LX-410 series.",
     "EA", "44103109", T, "Tonerix", "TX-LX410-DR", "159.00", lead=4)
item("PR-MNT-LX520", "Maintenance kit LX-520, 200,000 pages",
     "Fuser, transfer roller and pick-up rollers for LX-520 printers.", "SET", "44103125", T,
     "Tonerix", "TX-LX520-MK", "279.00", lead=7)

# ----- Furniture ------------------------------------------------------------------------------
S = "Furniture > Seating"
for colour, code in [("Black", "BK"), ("Grey", "GY"), ("Blue", "BL")]:
    item(f"FU-CHR-5001-{code}", f"Ergonomic office chair ErgoLine Pro, synchronous mechanism, {colour.lower()}",
         "Mesh back with adjustable lumbar support, 4D armrests, seat depth adjustment, "
         "class 4 gas lift, tested to EN 1335, load up to 130 kg.",
         "EA", "56112102", S, "ErgoLine", f"EL-PRO-{code}", "429.00", lead=10, aux=colour)
item("FU-CHR-5002", "Task chair ErgoLine Basic, fabric, black",
     "Permanent-contact back, height-adjustable, 2D armrests, EN 1335.", "EA", "56112102", S,
     "ErgoLine", "EL-BAS-BK", "219.00", lead=10)
item("FU-CHR-5003", "Executive chair, high back, leather, black",
     "Full-grain leather, padded headrest, synchro-tilt with lock, aluminium base.", "EA",
     "56112104", S, "ErgoLine", "EL-EXE-LBK", "689.00", lead=14)
item("FU-CHR-5004", "Visitor chair, cantilever frame, upholstered, anthracite, set of 2",
     "Chrome cantilever frame, stackable up to 4, fabric seat and back.", "SET", "56112103", S,
     "ErgoLine", "EL-VIS-AN2", "259.00", lead=10)
item("FU-CHR-5005", "Industrial stool, height-adjustable 58-85 cm, PU seat",
     "Gas lift, foot ring, glides, for workshops and laboratories.", "EA", "56112106", S,
     "ErgoLine", "EL-STL-PU", "189.00", lead=10)
item("FU-CHR-5006", "Kneeling chair, ergonomic, beech wood frame",
     "Promotes an upright sitting posture; padded seat and knee rests.", "EA", "56112102", S,
     "ErgoLine", "EL-KNE-BW", "149.00", lead=10)

DT = "Furniture > Desks & Tables"
for size, code, price in [("140 x 80 cm", "14080", "649.00"), ("160 x 80 cm", "16080", "699.00"),
                          ("180 x 80 cm", "18080", "759.00")]:
    item(f"FU-DSK-5101-{code}", f"Electric sit-stand desk {size}, white top, silver frame",
         "Dual-motor height adjustment 62-127 cm, 4 memory positions, anti-collision, 100 kg load.",
         "EA", "56101703", DT, "ErgoLine", f"EL-SSD-{code}", price, lead=14, aux=size)
item("FU-DSK-5102", "Office desk 160 x 80 cm, fixed height, oak decor",
     "25 mm melamine top, steel C-foot frame with levelling glides.", "EA", "56101703", DT,
     "Nordal Office", "NO-DSK-16080-OK", "329.00", lead=14)
item("FU-TBL-5110", "Conference table 240 x 120 cm, oval, grey",
     "Seats 8-10, cable port with flap, four-leg steel frame.", "EA", "56101706", DT,
     "Nordal Office", "NO-CT-240", "1190.00", lead=21)

ST = "Furniture > Storage"
item("FU-CAB-5201", "Steel filing cabinet, 4 drawers, A4 hanging files, light grey",
     "Full-extension drawers, central lock, anti-tilt interlock.", "EA", "56101702", ST,
     "Nordal Office", "NO-FC4-LG", "419.00", lead=14)
item("FU-CAB-5202", "Mobile pedestal, 3 drawers, lockable, white",
     "Fits under desks, castors, pen tray in top drawer.", "EA", "56101702", ST,
     "Nordal Office", "NO-PED3-WH", "239.00", lead=14)
item("FU-BKC-5210", "Bookcase 80 x 35 x 180 cm, 4 adjustable shelves, oak decor",
     "19 mm chipboard, 5 file heights.", "EA", "56101507", ST, "Nordal Office", "NO-BC5-OK",
     "189.00", lead=14)
item("FU-CAB-5220", "Steel cupboard with swing doors 100 x 45 x 195 cm, 4 shelves",
     "Lockable, shelves adjustable in 25 mm steps, 60 kg per shelf.", "EA", "56101530", ST,
     "Nordal Office", "NO-SC100", "459.00", lead=14)
item("FU-LCK-5230", "Personal locker, 2 compartments, 30 cm wide, grey/blue",
     "Cylinder locks, coat rail and hat shelf, ventilation slots.", "EA", "56101520", ST,
     "Nordal Office", "NO-LK2-30", "279.00", lead=21)

# ----- IT accessories -------------------------------------------------------------------------
I = "IT Accessories > Input Devices"
item("IT-KBD-6001", "Wireless keyboard and mouse set, German QWERTZ layout",
     "2.4 GHz USB receiver, quiet keys, 1600 dpi optical mouse, 24-month battery life.", "SET",
     "43211706", I, "DataWave", "DW-KM200-DE", "39.90")
item("IT-KBD-6002", "USB keyboard, full size, German QWERTZ layout, black",
     "Spill-resistant, low-profile keys, 1.8 m cable.", "EA", "43211706", I, "DataWave",
     "DW-KB100-DE", "17.90")
item("IT-KBD-6003", "Ergonomic split keyboard, wireless, German QWERTZ layout",
     "Curved key layout with cushioned palm rest, Bluetooth and USB receiver.", "EA", "43211706",
     I, "DataWave", "DW-ERG-KB", "79.00")
item("IT-MOU-6010", "Wireless optical mouse, 3 buttons, grey",
     "1000/1600 dpi, nano USB receiver, ambidextrous.", "EA", "43211708", I, "DataWave",
     "DW-MS150", "14.90")
item("IT-MOU-6011", "Vertical ergonomic mouse, wireless, right-handed",
     "57° handshake grip, 6 buttons, rechargeable via USB-C.", "EA", "43211708", I, "DataWave",
     "DW-VM300", "44.90")
item("IT-MPD-6020", "Mouse pad with gel wrist rest, black",
     "Non-slip base, lycra surface.", "EA", "43211802", I, "DataWave", "DW-MPG", "9.90")

DS = "IT Accessories > Displays"
item("IT-MON-6101", "Monitor 24\" IPS, Full HD 1920 x 1080, height-adjustable",
     "75 Hz, HDMI, DisplayPort, VGA, pivot, VESA 100, built-in speakers.", "EA", "43211902", DS,
     "DataWave", "DW-M24FH", "169.00", lead=3)
item("IT-MON-6102", "Monitor 27\" IPS, QHD 2560 x 1440, USB-C 65 W",
     "USB-C docking with power delivery, height-adjustable, daisy chain.", "EA", "43211902", DS,
     "DataWave", "DW-M27QC", "329.00", lead=3)
item("IT-MON-6103", "Monitor 34\" curved ultrawide, 3440 x 1440, USB-C 90 W",
     "1500R curvature, KVM switch, built-in RJ45.", "EA", "43211902", DS, "DataWave",
     "DW-M34UW", "579.00", lead=5)
item("IT-ARM-6110", "Dual monitor arm, gas spring, desk clamp, 17-32\"",
     "Up to 9 kg per arm, VESA 75/100, cable management.", "EA", "43212002", DS, "DataWave",
     "DW-ARM2", "89.00")

C = "IT Accessories > Connectivity"
item("IT-DCK-6201", "USB-C docking station, 2 x HDMI, 100 W power delivery",
     "Triple display, 4 x USB-A, 2 x USB-C, Gigabit Ethernet, SD card reader.", "EA", "43211602",
     C, "Linkpoint", "LP-DK12", "169.00", lead=3)
item("IT-HUB-6210", "USB 3.0 hub, 4 ports, aluminium", "5 Gbit/s, bus-powered, 15 cm cable.",
     "EA", "43211609", C, "Linkpoint", "LP-HUB4", "19.90")
for length, code, price in [("1 m", "1M", "4.90"), ("2 m", "2M", "5.90"), ("5 m", "5M", "8.90")]:
    item(f"IT-CBL-6220-{code}", f"HDMI 2.0 cable, {length}, 4K 60 Hz, black",
         "High-speed HDMI with Ethernet, gold-plated connectors.", "EA", "43202222", C,
         "Linkpoint", f"LP-HDMI-{code}", price, aux=length)
item("IT-CBL-6230", "USB-C to USB-C cable 2 m, 100 W, USB 3.2 Gen 2",
     "10 Gbit/s data, 4K video, e-marker chip.", "EA", "43202222", C, "Linkpoint", "LP-CC2",
     "14.90")
for length, code, price in [("0.5 m", "05M", "1.90"), ("2 m", "2M", "2.90"), ("5 m", "5M", "4.40")]:
    item(f"IT-PAT-6240-{code}", f"Patch cable Cat 6A S/FTP, {length}, grey",
         "LSZH jacket, snagless boots, 10 Gbit/s.", "EA", "43223303", C, "Linkpoint",
         f"LP-C6A-{code}", price, aux=length)

SG = "IT Accessories > Storage"
item("IT-USB-6301", "USB flash drive 64 GB, USB 3.2, metal housing",
     "Read up to 150 MB/s, key ring loop.", "EA", "43202010", SG, "DataWave", "DW-FD64",
     "9.90")
item("IT-USB-6302", "USB flash drive 128 GB, USB-C and USB-A",
     "Dual connector, read up to 200 MB/s.", "EA", "43202010", SG, "DataWave", "DW-FD128C",
     "19.90")
item("IT-HDD-6310", "Portable hard drive 2 TB, USB 3.2, black",
     "2.5\" drive with shock sensor and backup software.", "EA", "43201827", SG, "DataWave",
     "DW-PHD2T", "79.00")
item("IT-SSD-6320", "Internal SSD 1 TB, M.2 NVMe PCIe 4.0",
     "Read up to 7000 MB/s, 5-year warranty.", "EA", "43201830", SG, "DataWave",
     "DW-NV1T", "89.00")

AU = "IT Accessories > Audio"
item("IT-HDS-6401", "USB headset, stereo, noise-cancelling microphone",
     "Certified for common UC platforms, inline volume and mute control.", "EA", "43191609", AU,
     "DataWave", "DW-HS200", "49.90")
item("IT-HDS-6402", "Wireless headset, Bluetooth and DECT dongle, mono",
     "Up to 30 h talk time, charging stand, active noise cancellation.", "EA", "43191609", AU,
     "DataWave", "DW-HS500W", "189.00")
item("IT-SPK-6410", "Conference speakerphone, USB and Bluetooth",
     "360° microphone pick-up for up to 6 people, 15 h battery.", "EA", "43211607", AU,
     "DataWave", "DW-SP60", "129.00")
item("IT-BAG-6501", "Notebook backpack 15.6\", water-repellent, grey",
     "Padded laptop compartment, trolley strap, USB charging port.", "EA", "43211619",
     "IT Accessories > Bags", "DataWave", "DW-BP156", "49.00")

PW = "IT Accessories > Power"
item("IT-UPS-6601", "UPS 1500 VA / 900 W, line interactive, 8 sockets",
     "Pure sine wave, LCD display, USB monitoring, hot-swappable battery.", "EA", "39121011", PW,
     "Voltana", "VT-UPS1500", "289.00", lead=5)
item("IT-EXT-6610", "Power strip 6-way with switch, 3 m cable, white",
     "Child-protected sockets, 3680 W max.", "EA", "26121536", PW, "Voltana", "VT-PS6-3",
     "12.90")
item("IT-BAT-6620", "Alkaline batteries AA (LR6), pack of 24",
     "1.5 V, 10-year shelf life.", "PK", "26111702", PW, "Voltana", "VT-AA24", "11.90")
item("IT-BAT-6621", "Alkaline batteries AAA (LR03), pack of 24", "1.5 V, 10-year shelf life.",
     "PK", "26111702", PW, "Voltana", "VT-AAA24", "11.90")
item("IT-BAT-6622", "Rechargeable NiMH batteries AA 2500 mAh, pack of 4",
     "Low self-discharge, pre-charged, 500 cycles.", "PK", "26111701", PW, "Voltana",
     "VT-NIMH-AA4", "13.50")

# ----- Safety & PPE ---------------------------------------------------------------------------
H = "Safety & PPE > Hand Protection"
for size, code in [("7 (S)", "7"), ("8 (M)", "8"), ("9 (L)", "9"), ("10 (XL)", "10")]:
    item(f"SF-GLV-7001-{code}", f"Work gloves nitrile-coated, size {size}, 12 pairs",
         "Seamless nylon liner with breathable nitrile palm coating; EN 388 4121X, touchscreen-capable.",
         "PK", "46181504", H, "SafeGuard Pro", f"SG-NC12-{code}", "22.80", aux=f"Size {size}")
for size, code in [("8 (M)", "8"), ("9 (L)", "9"), ("10 (XL)", "10")]:
    item(f"SF-GLV-7002-{code}", f"Cut-resistant gloves level C, size {size}, 1 pair",
         "HPPE/glass fibre liner with PU coating; EN 388 4X42C.", "PR", "46181536", H,
         "SafeGuard Pro", f"SG-CUTC-{code}", "8.90", aux=f"Size {size}")
item("SF-GLV-7003", "Chemical-resistant gloves, nitrile 38 cm, size 9, 1 pair",
     "Flock-lined, EN ISO 374-1 type A (JKLOPT).", "PR", "46181541", H, "SafeGuard Pro",
     "SG-CHEM-9", "4.60")
item("SF-GLV-7004", "Disposable nitrile gloves, powder-free, size M, box of 100",
     "4 mil, blue, AQL 1.5, food contact approved, EN ISO 374-5.", "BX", "46181504", H,
     "SafeGuard Pro", "SG-DN100-M", "7.90")

E = "Safety & PPE > Eye & Face Protection"
item("SF-EYE-7101", "Safety glasses, clear lens, anti-fog, EN 166",
     "Wrap-around polycarbonate lens, UV 400, adjustable temples.", "EA", "46181802", E,
     "SafeGuard Pro", "SG-SG-CL", "4.50")
item("SF-EYE-7102", "Over-spectacles, clear, fits over prescription glasses",
     "EN 166 1F, side shields, scratch-resistant.", "EA", "46181802", E, "SafeGuard Pro",
     "SG-OTG", "6.90")
item("SF-EYE-7103", "Safety goggles, indirect vent, anti-fog",
     "EN 166 3 4 B, liquid droplets and coarse dust.", "EA", "46181804", E, "SafeGuard Pro",
     "SG-GOG", "9.80")

HR = "Safety & PPE > Hearing Protection"
item("SF-EAR-7201", "Foam ear plugs SNR 37 dB, box of 200 pairs",
     "Individually packed pairs, tapered shape, EN 352-2.", "BX", "46181901", HR,
     "SafeGuard Pro", "SG-EP200", "29.90")
item("SF-EAR-7202", "Ear muffs SNR 30 dB, headband", "Lightweight, adjustable, EN 352-1.",
     "EA", "46181902", HR, "SafeGuard Pro", "SG-EM30", "18.50")

HD = "Safety & PPE > Head Protection"
for colour, code in [("White", "WH"), ("Yellow", "YE"), ("Blue", "BL")]:
    item(f"SF-HAT-7301-{code}", f"Safety helmet, ABS, ratchet, {colour.lower()}",
         "EN 397, 6-point textile harness, -30 °C, 440 V AC, slots for ear muffs.", "EA",
         "46181701", HD, "SafeGuard Pro", f"SG-HH-{code}", "12.90", aux=colour)

R = "Safety & PPE > Respiratory Protection"
item("SF-RES-7401", "FFP2 respirator mask without valve, box of 20",
     "Foldable, EN 149:2001+A1:2009 NR, adjustable nose clip.", "BX", "46182002", R,
     "SafeGuard Pro", "SG-FFP2-20", "14.90")
item("SF-RES-7402", "FFP3 respirator mask with valve, box of 10",
     "Cup-shaped, EN 149 NR D, exhalation valve.", "BX", "46182002", R, "SafeGuard Pro",
     "SG-FFP3V-10", "29.90")
item("SF-RES-7403", "Surgical-style face masks type IIR, box of 50", "3-ply, EN 14683.",
     "BX", "46182001", R, "SafeGuard Pro", "SG-MIIR-50", "6.90")

WW = "Safety & PPE > Workwear"
for size, code in [("M", "M"), ("L", "L"), ("XL", "XL"), ("XXL", "XXL")]:
    item(f"SF-VST-7501-{code}", f"High-visibility vest, yellow, size {size}",
         "EN ISO 20471 class 2, two reflective bands, hook-and-loop closure.", "EA", "46181507",
         WW, "SafeGuard Pro", f"SG-HV-{code}", "3.90", aux=f"Size {size}")
item("SF-CVR-7510", "Disposable coverall type 5/6, white, size L",
     "Microporous, hood with elastic, EN 13982-1 and EN 13034.", "EA", "46181503", WW,
     "SafeGuard Pro", "SG-CV56-L", "6.40")
item("SF-LAB-7520", "Lab coat, cotton/polyester, white, size L",
     "Press studs, three pockets, 60 °C washable.", "EA", "46181532", WW, "SafeGuard Pro",
     "SG-LC-L", "24.90")
for size in ["40", "42", "44", "46"]:
    item(f"SF-SHO-7530-{size}", f"Safety shoes S3 SRC, low, black, size {size}",
         "Composite toe cap, anti-perforation midsole, EN ISO 20345.", "PR", "46181605", WW,
         "SafeGuard Pro", f"SG-S3L-{size}", "69.00", lead=4, aux=f"Size {size}")

FA = "Safety & PPE > First Aid & Fire"
item("SF-FAK-7601", "First aid kit DIN 13157, wall-mounted case",
     "Complete workplace kit with plasters, dressings, blanket and instructions.", "EA",
     "42172001", FA, "SafeGuard Pro", "SG-FAK13157", "39.90")
item("SF-FAK-7602", "Refill for first aid kit DIN 13157", "Replacement contents for SG-FAK13157.",
     "SET", "42172001", FA, "SafeGuard Pro", "SG-FAK13157-R", "24.90")
item("SF-BDG-7610", "Adhesive plasters, assorted, box of 100", "Water-resistant, skin-friendly.",
     "BX", "42311505", FA, "SafeGuard Pro", "SG-PL100", "5.90")
item("SF-EXT-7620", "Fire extinguisher ABC powder 6 kg, with wall bracket",
     "EN 3, fire rating 43A 233B C, pressure gauge.", "EA", "46191601", FA, "SafeGuard Pro",
     "SG-FE6ABC", "59.00", lead=5)
item("SF-EYW-7630", "Eye wash station, 2 x 500 ml bottles, wall-mounted",
     "Sterile sodium chloride solution, mirror and instructions.", "EA", "46181810", FA,
     "SafeGuard Pro", "SG-EWS2", "44.90")

# ----- Janitorial -----------------------------------------------------------------------------
CC = "Janitorial > Cleaning Chemicals"
item("JA-CLN-8001", "All-purpose cleaner concentrate, 1 l bottle",
     "Neutral pH, for all water-resistant surfaces, dilution 1:100.", "LTR", "47131805", CC,
     "CleanCore", "CC-APC-1", "3.90")
item("JA-CLN-8002", "All-purpose cleaner concentrate, 10 l canister",
     "Neutral pH, dilution 1:100, with tap available separately.", "EA", "47131805", CC,
     "CleanCore", "CC-APC-10", "29.90", lead=3)
item("JA-CLN-8003", "Glass cleaner, ready to use, 750 ml spray",
     "Streak-free, alcohol-based, for glass and mirrors.", "EA", "47131824", CC, "CleanCore",
     "CC-GLS-075", "2.90")
item("JA-CLN-8004", "Surface disinfectant, alcohol-based, 1 l spray",
     "Bactericidal, yeasticidal, limited virucidal (EN 14476), 30 s contact time.", "LTR",
     "47131803", CC, "CleanCore", "CC-DIS-1", "8.90")
item("JA-CLN-8005", "Floor cleaner with wax, 10 l canister",
     "For PVC, linoleum and stone floors, anti-slip.", "EA", "47131801", CC, "CleanCore",
     "CC-FLW-10", "34.90", lead=3)
item("JA-CLN-8006", "Dishwashing liquid, 5 l canister", "Hand dishwashing, skin-friendly, pH 7.",
     "EA", "47131810", CC, "CleanCore", "CC-DW-5", "9.90")
item("JA-SAN-8010", "Hand sanitiser gel, 500 ml pump bottle",
     "70 % ethanol, EN 1500, with moisturiser.", "EA", "53131626", CC, "CleanCore",
     "CC-HSG-500", "6.50")
item("JA-SAN-8011", "Hand soap, cream, 5 l refill", "Mild, pH skin-neutral, for dispensers.",
     "EA", "53131608", CC, "CleanCore", "CC-HS-5", "12.90")

CT = "Janitorial > Cleaning Tools"
for colour, code in [("Blue", "BL"), ("Red", "RD"), ("Green", "GN"), ("Yellow", "YE")]:
    item(f"JA-CLO-8101-{code}", f"Microfibre cloths 40 x 40 cm, {colour.lower()}, pack of 10",
         "Colour-coded for hygiene zones, 300 g/m², washable up to 95 °C.", "PK", "47131502", CT,
         "CleanCore", f"CC-MF10-{code}", "9.50", aux=colour)
item("JA-BRM-8110", "Indoor broom 40 cm with 140 cm handle", "Soft PET bristles for fine dust.",
     "EA", "47131604", CT, "CleanCore", "CC-BR40", "12.90")
item("JA-MOP-8120", "Flat mop system 40 cm with aluminium handle",
     "Velcro mop frame, telescopic handle 100-180 cm.", "SET", "47131618", CT, "CleanCore",
     "CC-FMS40", "39.90")
item("JA-MOP-8121", "Microfibre mop pads 40 cm, pack of 5", "Washable up to 95 °C, 500 cycles.",
     "PK", "47131619", CT, "CleanCore", "CC-MP40-5", "24.50")

WS = "Janitorial > Waste Management"
item("JA-BAG-8201", "Bin liners 60 l, black, roll of 50",
     "LDPE 25 µm, 60 x 80 cm, tear-resistant.", "PK", "47121701", WS, "CleanCore", "CC-BL60",
     "6.90")
item("JA-BAG-8202", "Bin liners 120 l, blue, roll of 25", "LDPE 40 µm, 70 x 110 cm.", "PK",
     "47121701", WS, "CleanCore", "CC-BL120", "8.40")
item("JA-BAG-8203", "Waste bags 240 l, extra strong, pack of 10", "LDPE 70 µm, for wheelie bins.",
     "PK", "47121701", WS, "CleanCore", "CC-WB240", "11.90")
item("JA-BIN-8210", "Pedal bin 30 l, stainless steel, soft-close lid",
     "Removable inner bucket, fingerprint-resistant.", "EA", "47121702", WS, "CleanCore",
     "CC-PB30", "49.00")
item("JA-BIN-8211", "Recycling station 3 x 40 l, colour-coded lids",
     "For paper, plastic and residual waste.", "EA", "47121702", WS, "CleanCore", "CC-RS3",
     "119.00", lead=5)

WP = "Janitorial > Washroom"
item("JA-TOW-8301", "Paper hand towels, Z-fold, 2-ply, carton of 3200",
     "25 x 23 cm, recycled tissue, for Z-fold dispensers.", "CT", "14111703", WP, "CleanCore",
     "CC-ZF3200", "34.90")
item("JA-TIS-8302", "Toilet paper, 3-ply, 250 sheets, pack of 72 rolls",
     "Soft and strong, FSC Mix.", "PK", "14111704", WP, "CleanCore", "CC-TP72", "39.90")
item("JA-TIS-8303", "Facial tissues, 2-ply, box of 100, pack of 24 boxes",
     "Soft white tissues in a dispenser box.", "PK", "14111701", WP, "CleanCore", "CC-FT24",
     "29.90")
item("JA-DSP-8310", "Paper towel dispenser for Z-fold towels, white, lockable",
     "ABS, capacity 400 towels, viewing window.", "EA", "47131701", WP, "CleanCore",
     "CC-TD-ZF", "29.00")
item("JA-DSP-8311", "Soap dispenser 1 l, wall-mounted, lockable",
     "For liquid soap and hand sanitiser, elbow-operated.", "EA", "47131704", WP, "CleanCore",
     "CC-SD1", "24.00")

SP = "Janitorial > Spill Control"
item("JA-SPK-8401", "Spill kit universal 100 l, in wheeled bin",
     "Absorbent pads, socks and pillows for oils, coolants and solvents.", "EA", "47131905", SP,
     "CleanCore", "CC-SK100", "149.00", lead=5)
item("JA-ABS-8410", "Absorbent pads universal 40 x 50 cm, pack of 100",
     "Absorbs up to 90 l, grey.", "PK", "47131901", SP, "CleanCore", "CC-AP100", "59.00")

# ----- MRO ------------------------------------------------------------------------------------
HT = "MRO > Hand Tools"
item("MR-SCR-9001", "Screwdriver set, slotted and Phillips, 6 pieces",
     "Chrome-vanadium blades, magnetic tips, 2-component handles.", "SET", "27111701", HT,
     "Ferrum Tools", "FT-SD6", "19.90")
item("MR-SCR-9002", "VDE insulated screwdriver set 1000 V, 7 pieces", "EN 60900 tested.", "SET",
     "27111701", HT, "Ferrum Tools", "FT-VDE7", "39.90")
item("MR-SKT-9010", "Socket set 1/2\", 10-32 mm, 24 pieces, in case",
     "Ratchet with quick release, extension bars, Cr-V steel.", "SET", "27111703", HT,
     "Ferrum Tools", "FT-SS24", "79.00")
item("MR-WRN-9020", "Adjustable wrench 250 mm, capacity 30 mm",
     "Chrome-vanadium, phosphated jaws, scale.", "EA", "27111707", HT, "Ferrum Tools",
     "FT-AW250", "17.50")
item("MR-HEX-9030", "Hex key set, ball end, 1.5-10 mm, 9 pieces",
     "Long arm, S2 steel, holder with size markings.", "SET", "27111710", HT, "Ferrum Tools",
     "FT-HK9", "14.90")
item("MR-KNF-9040", "Utility knife 18 mm with auto-lock and 5 blades",
     "Metal body, snap-off blades.", "EA", "27111503", HT, "Ferrum Tools", "FT-UK18", "8.90")
item("MR-PLR-9050", "Needle-nose pliers 200 mm", "Induction-hardened cutting edges, DIN ISO 5745.",
     "EA", "27112108", HT, "Ferrum Tools", "FT-NN200", "16.90")
item("MR-PLR-9051", "Locking pliers 250 mm, curved jaw", "Quick-release lever, Cr-V steel.",
     "EA", "27112115", HT, "Ferrum Tools", "FT-LP250", "18.90")
item("MR-TAP-9060", "Tape measure 5 m x 25 mm, EC class II", "Magnetic hook, blade lock.",
     "EA", "27111801", HT, "Ferrum Tools", "FT-TM5", "9.90")
item("MR-KIT-9070", "Tool case, maintenance set, 129 pieces",
     "Sockets, spanners, pliers, screwdrivers, hammer and tape measure in a wheeled case.", "SET",
     "27113201", HT, "Ferrum Tools", "FT-TC129", "249.00", lead=5)

PT = "MRO > Power Tools"
item("MR-DRL-9101", "Cordless drill driver 18 V, 2 x 2.0 Ah batteries, case",
     "2-speed gearbox, 60 Nm, LED light, fast charger.", "SET", "27112703", PT, "Ferrum Tools",
     "FT-CD18", "169.00", lead=3)
item("MR-DRL-9102", "Cordless hammer drill 18 V, bare tool", "SDS-plus, 2.0 J impact energy.",
     "EA", "27112703", PT, "Ferrum Tools", "FT-HD18-B", "149.00", lead=3)
item("MR-GRD-9110", "Angle grinder 125 mm, 1200 W", "Restart protection, tool-free guard.",
     "EA", "27112749", PT, "Ferrum Tools", "FT-AG125", "89.00", lead=3)
item("MR-IMP-9120", "Cordless impact wrench 18 V, 1/2\", 400 Nm, bare tool",
     "Brushless motor, 3 speeds.", "EA", "27112713", PT, "Ferrum Tools", "FT-IW18-B", "199.00",
     lead=3)
item("MR-SND-9130", "Random orbit sander 125 mm, 350 W", "Dust extraction adapter, 6 speeds.",
     "EA", "27112708", PT, "Ferrum Tools", "FT-ROS125", "79.00", lead=3)
item("MR-HTG-9140", "Heat gun 2000 W, 2 temperature settings", "50-600 °C, with 4 nozzles.",
     "EA", "27112717", PT, "Ferrum Tools", "FT-HG2000", "39.90")

FS = "MRO > Fasteners"
for size, code, price in [("M6 x 20", "M6X20", "6.90"), ("M8 x 30", "M8X30", "11.90"),
                          ("M10 x 40", "M10X40", "19.90")]:
    item(f"MR-BLT-9201-{code}", f"Hexagon head bolts DIN 933 {size}, 8.8, zinc-plated, box of 100",
         "Fully threaded, property class 8.8.", "BX", "31161620", FS, "Boltline",
         f"BL-933-{code}", price, aux=size.replace(" ", ""))
for size, code, price in [("M6", "M6", "2.90"), ("M8", "M8", "3.90"), ("M10", "M10", "5.90")]:
    item(f"MR-NUT-9210-{code}", f"Hexagon nuts DIN 934 {size}, class 8, zinc-plated, box of 100",
         "Standard hex nuts.", "BX", "31161727", FS, "Boltline", f"BL-934-{code}", price,
         aux=size)
item("MR-NUT-9211", "Nylon insert lock nuts DIN 985 M8, zinc-plated, box of 100",
     "Self-locking, class 8.", "BX", "31161716", FS, "Boltline", "BL-985-M8", "6.90")
item("MR-WSH-9220", "Flat washers DIN 125 A 8.4 mm (M8), zinc-plated, 1 kg",
     "Approx. 900 pieces per kg.", "KGM", "31161807", FS, "Boltline", "BL-125-M8", "7.90")
item("MR-WSH-9221", "Spring lock washers DIN 127 B M8, zinc-plated, box of 200",
     "Split lock washers.", "BX", "31161801", FS, "Boltline", "BL-127-M8", "4.90")
item("MR-SCW-9230", "Machine screws DIN 7985 M5 x 16, pan head Phillips, box of 200",
     "Stainless steel A2.", "BX", "31161504", FS, "Boltline", "BL-7985-M5X16", "8.90")
item("MR-SCW-9231", "Drywall screws 3.5 x 35 mm, phosphated, box of 1000",
     "Coarse thread, bugle head PH2.", "BX", "31161509", FS, "Boltline", "BL-DW3535", "9.90")
item("MR-SCW-9232", "Self-tapping sheet metal screws 4.2 x 19 mm, box of 500",
     "DIN 7981 C, zinc-plated.", "BX", "31161506", FS, "Boltline", "BL-7981-4219", "7.40")
item("MR-RIV-9240", "Blind rivets aluminium/steel 4.0 x 10 mm, box of 500", "Dome head, DIN 7337.",
     "BX", "31162201", FS, "Boltline", "BL-BR4010", "8.50")

AT = "MRO > Adhesives & Tapes"
item("MR-TAP-9301", "Duct tape 50 mm x 50 m, silver", "Fabric-reinforced, hand-tearable.", "EA",
     "31201501", AT, "PackRight", "PK-DT50", "7.90")
item("MR-TAP-9302", "Masking tape 30 mm x 50 m, pack of 6", "Crepe paper, 60 °C, residue-free.",
     "PK", "31201503", AT, "PackRight", "PK-MT30-6", "11.40")
item("MR-TAP-9303", "PTFE thread seal tape 12 mm x 12 m, pack of 10", "DIN EN 751-3 FRp.", "PK",
     "31201514", AT, "PackRight", "PK-PTFE10", "5.90")

LB = "MRO > Lubricants"
item("MR-LUB-9401", "Multi-purpose spray lubricant 400 ml",
     "Penetrates, lubricates, displaces moisture, prevents corrosion.", "EA", "15121514", LB,
     "Ferrum Tools", "FT-MPS400", "6.90")
item("MR-LUB-9402", "Lithium grease EP2, 1 kg tin", "Multi-purpose grease, -30 to +130 °C.",
     "KGM", "15121902", LB, "Ferrum Tools", "FT-LG1", "11.90")

EL = "MRO > Electrical"
item("MR-CTI-9501", "Cable ties 4.8 x 200 mm, black, UV-resistant, bag of 100",
     "Polyamide 6.6, 22 kg tensile strength.", "PK", "39121703", EL, "Voltana", "VT-CT200",
     "3.90")
item("MR-CBL-9510", "Coaxial cable RG-6, 75 ohm, white, per metre",
     "Double-shielded, PVC jacket; sold by the metre in multiples of 10 m.", "MTR", "26121606",
     EL, "Voltana", "VT-RG6W", "0.89", minq="10", incr="10")

# ----- Packaging ------------------------------------------------------------------------------
PK_ = "Packaging > Shipping Supplies"
item("PK-BOX-9601", "Shipping boxes 305 x 215 x 140 mm, single wall, pack of 25",
     "Brown corrugated cardboard, FEFCO 0201.", "PK", "24121503", PK_, "PackRight", "PK-SB3021",
     "19.90")
item("PK-BOX-9602", "Shipping boxes 600 x 400 x 400 mm, double wall, pack of 10",
     "Heavy-duty, FEFCO 0201.", "PK", "24121503", PK_, "PackRight", "PK-DB6040", "29.90")
item("PK-BUB-9610", "Bubble wrap 100 cm wide, per metre", "10 mm bubbles, LDPE.", "MTR",
     "24141601", PK_, "PackRight", "PK-BW100", "0.49", minq="10", incr="10")
item("PK-STR-9620", "Stretch film 500 mm x 300 m, 23 µm, clear", "Hand stretch film on core.",
     "EA", "24141501", PK_, "PackRight", "PK-SF500", "12.90")
item("PK-TAP-9630", "Packaging tape 50 mm x 66 m, brown, pack of 6", "Low-noise PP, acrylic.",
     "PK", "31201517", PK_, "PackRight", "PK-PT50-6", "10.90")

# ----- Lab supplies ---------------------------------------------------------------------------
LG = "Lab Supplies > Glassware"
for vol, code, price in [("100 ml", "100", "14.90"), ("250 ml", "250", "17.90"),
                         ("600 ml", "600", "22.90")]:
    item(f"LB-BKR-9701-{code}", f"Beakers {vol}, borosilicate glass 3.3, low form, pack of 10",
         "Graduated, with spout, ISO 3819.", "PK", "41121803", LG, "LabQuip", f"LQ-BK{code}",
         price, aux=vol)
item("LB-FLK-9710", "Erlenmeyer flasks 250 ml, narrow neck, pack of 10",
     "Borosilicate glass 3.3, ISO 1773.", "PK", "41121804", LG, "LabQuip", "LQ-EF250", "24.90")
item("LB-TUB-9720", "Test tubes 16 x 160 mm, borosilicate, pack of 100", "Rimless, reusable.",
     "PK", "41121701", LG, "LabQuip", "LQ-TT16", "19.90")
item("LB-VIA-9730", "Screw-cap vials 20 ml, clear glass, pack of 100", "With PE caps.", "PK",
     "41121806", LG, "LabQuip", "LQ-SV20", "27.90")

LC = "Lab Supplies > Consumables"
item("LB-TIP-9801", "Pipette tips 200 µl, yellow, racked, 10 x 96",
     "Universal fit, DNase/RNase-free, sterile.", "PK", "41121607", LC, "LabQuip", "LQ-PT200R",
     "39.90")
item("LB-TIP-9802", "Pipette tips 1000 µl, blue, bulk bag of 1000", "Universal fit, non-sterile.",
     "PK", "41121607", LC, "LabQuip", "LQ-PT1000B", "14.90")
item("LB-CEN-9810", "Centrifuge tubes 50 ml, conical, sterile, rack of 25",
     "PP, graduated, leak-proof screw cap.", "PK", "41121703", LC, "LabQuip", "LQ-CT50", "12.90")
item("LB-CEN-9811", "Micro centrifuge tubes 1.5 ml, bag of 500", "PP, snap cap, graduated.", "PK",
     "41121703", LC, "LabQuip", "LQ-MCT15", "11.90")
item("LB-SLD-9820", "Microscope slides 76 x 26 mm, ground edges, box of 50", "Frosted end.", "BX",
     "41122601", LC, "LabQuip", "LQ-MS50", "4.90")
item("LB-DSH-9830", "Petri dishes 90 mm, sterile, pack of 500", "PS, with vents.", "PK",
     "41121812", LC, "LabQuip", "LQ-PD90", "54.00")
item("LB-GLV-9840", "Nitrile examination gloves, powder-free, size M, box of 100",
     "EN 455, EN ISO 374-5, textured fingertips.", "BX", "42132203", LC, "LabQuip", "LQ-NEG-M",
     "8.50")

# ----- Breakroom ------------------------------------------------------------------------------
BR = "Breakroom > Catering"
item("BR-COF-9901", "Coffee beans, espresso roast, 1 kg",
     "Arabica/Robusta blend, Rainforest Alliance certified.", "KGM", "50201706", BR, "Brewhaus",
     "BH-ESP1", "16.90")
item("BR-TEA-9910", "Tea bags, English breakfast, box of 100", "Individually wrapped.", "BX",
     "50201713", BR, "Brewhaus", "BH-EB100", "7.90")
item("BR-CUP-9920", "Paper cups 200 ml, pack of 100", "For hot drinks, PE-coated.", "PK",
     "52151504", BR, "Brewhaus", "BH-PC200", "4.90")

# ----- Price list "demo-contract": contract prices and quantity breaks -------------------------
PRICES = [
    # part, [(min_quantity, unit_price), ...]
    ("OS-PAP-2001", [("1", "3.95"), ("10", "3.79"), ("50", "3.59"), ("200", "3.39")]),
    ("OS-PAP-2002", [("1", "18.90"), ("10", "17.90"), ("40", "16.90")]),
    ("OS-PAP-2003", [("1", "8.90"), ("10", "8.50")]),
    ("OS-PAP-2005", [("1", "4.29"), ("20", "3.99")]),
    ("OS-PEN-1001-BL", [("1", "5.90"), ("10", "5.40"), ("50", "4.90")]),
    ("OS-PEN-1001-BK", [("1", "5.90"), ("10", "5.40"), ("50", "4.90")]),
    ("OS-PCL-1010", [("1", "3.20"), ("20", "2.90")]),
    ("OS-HLT-1020-YE", [("1", "6.50"), ("10", "5.90")]),
    ("OS-NTE-2020", [("1", "8.40"), ("10", "7.90")]),
    ("OS-LAF-3001-BK", [("1", "3.40"), ("20", "3.10"), ("100", "2.85")]),
    ("OS-LAF-3001-BL", [("1", "3.40"), ("20", "3.10"), ("100", "2.85")]),
    ("OS-FLD-3021", [("1", "5.60"), ("10", "5.20")]),
    ("OS-STP-4010", [("10", "0.79"), ("50", "0.69")]),
    ("OS-CLP-4001", [("10", "0.55"), ("100", "0.45")]),
    ("PR-TON-LX-410-BK", [("1", "79.00"), ("5", "75.00"), ("20", "71.00")]),
    ("PR-TON-LX-410-C", [("1", "105.00"), ("5", "99.00")]),
    ("PR-TON-LX-410-M", [("1", "105.00"), ("5", "99.00")]),
    ("PR-TON-LX-410-Y", [("1", "105.00"), ("5", "99.00")]),
    ("PR-TON-MF300-BK", [("1", "132.00"), ("5", "125.00")]),
    ("FU-CHR-5001-BK", [("1", "379.00"), ("5", "359.00"), ("20", "339.00")]),
    ("FU-CHR-5001-GY", [("1", "379.00"), ("5", "359.00"), ("20", "339.00")]),
    ("FU-CHR-5002", [("1", "195.00"), ("10", "185.00")]),
    ("FU-DSK-5101-16080", [("1", "619.00"), ("5", "589.00")]),
    ("IT-KBD-6001", [("1", "34.90"), ("10", "32.50")]),
    ("IT-MON-6102", [("1", "299.00"), ("5", "289.00"), ("20", "279.00")]),
    ("IT-DCK-6201", [("1", "149.00"), ("10", "142.00")]),
    ("IT-HDS-6401", [("1", "42.90"), ("10", "39.90")]),
    ("IT-BAT-6620", [("1", "9.90"), ("10", "8.90")]),
    ("SF-GLV-7001-8", [("1", "19.90"), ("10", "18.50"), ("50", "16.90")]),
    ("SF-GLV-7001-9", [("1", "19.90"), ("10", "18.50"), ("50", "16.90")]),
    ("SF-GLV-7004", [("1", "6.90"), ("10", "6.40"), ("50", "5.90")]),
    ("SF-EYE-7101", [("1", "3.90"), ("50", "3.40")]),
    ("SF-EAR-7201", [("1", "26.50"), ("5", "24.90")]),
    ("SF-RES-7401", [("1", "12.90"), ("10", "11.50")]),
    ("SF-VST-7501-L", [("1", "3.20"), ("25", "2.80")]),
    ("JA-CLN-8001", [("1", "3.40"), ("12", "2.99")]),
    ("JA-CLO-8101-BL", [("1", "8.50"), ("10", "7.90")]),
    ("JA-BAG-8201", [("1", "5.90"), ("20", "5.40")]),
    ("JA-TOW-8301", [("1", "30.90"), ("10", "28.90"), ("30", "27.50")]),
    ("JA-TIS-8302", [("1", "35.90"), ("10", "33.90")]),
    ("MR-SCW-9231", [("1", "8.90"), ("10", "7.90")]),
    ("MR-CBL-9510", [("10", "0.79"), ("100", "0.69"), ("500", "0.62")]),
]


def main():
    parts = {r["supplier_part_id"] for r in ROWS}
    assert len(parts) == len(ROWS), "duplicate part ids"
    for part, _ in PRICES:
        assert part in parts, part
    with open(os.path.join(HERE, "catalog.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(ROWS)
    with open(os.path.join(HERE, "price-list.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["supplier_part_id", "min_quantity", "unit_price", "currency"])
        for part, breaks in PRICES:
            for q, p in breaks:
                w.writerow([part, q, p, "EUR"])
    print(f"{len(ROWS)} items, {len(PRICES)} contract items, "
          f"{sum(len(b) for _, b in PRICES)} price breaks")


if __name__ == "__main__":
    main()
