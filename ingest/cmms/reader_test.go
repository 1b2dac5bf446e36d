package cmms

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"ward"
)

func readAll(t *testing.T, data []byte, opts Options) []*ward.DeviceRecord {
	t.Helper()
	rd, err := NewReader(bytes.NewReader(data), "test.csv", opts)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	defer rd.Close()
	var out []*ward.DeviceRecord
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		out = append(out, rec)
	}
}

func TestReadDevset(t *testing.T) {
	data, err := os.ReadFile("../../testdata/ward-devset/inventory.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, data, Options{})
	if len(recs) != 62 {
		t.Fatalf("got %d records, want 62", len(recs))
	}
	for _, r := range recs {
		if len(r.Problems) > 0 {
			t.Errorf("line %d: unexpected problems %v", r.Line, r.Problems)
		}
	}
	first := recs[0]
	want := ward.DeviceRecord{Line: 2, AssetTag: "DEV-196670", Serial: "0411520-08", Manufacturer: "STERIS",
		Model: "AMSCO 400 Steam Sterilizer", DeviceType: "Sterilizer", Facility: "St. Aldhelm Regional Medical Center",
		Department: "Sterile Processing", Room: "Bldg A / B1 / SPD Decon", Status: ward.StatusInService}
	if first.Line != want.Line || first.AssetTag != want.AssetTag || first.Model != want.Model || first.Room != want.Room ||
		first.Status != want.Status || first.Facility != want.Facility {
		t.Errorf("first record: got %+v, want %+v", *first, want)
	}
	if recs[1].MAC != "00:50:56:a1:33:10" || recs[1].IP != "10.52.2.40" || recs[1].SoftwareVersion != "v12.2.8.0" {
		t.Errorf("second record network/version: got %q %q %q", recs[1].MAC, recs[1].IP, recs[1].SoftwareVersion)
	}
	for _, f := range []ward.DeviceField{ward.FieldAssetTag, ward.FieldSerial, ward.FieldModelNumber, ward.FieldRoom, ward.FieldStatus} {
		if !first.Present.Has(f) {
			t.Errorf("field %v not marked present", f)
		}
	}
	if first.Present.Has(ward.FieldUDI) {
		t.Errorf("UDI marked present in a file without a UDI column")
	}
}

const accented = "Equipment #,Mfr,Model,Serial No,SW Version,Hospital,Dept,Room\r\n" +
	"E-1,Dräger,Evita V500,ASDF-1,2.51,Hôpital Saint-Éloi,Réanimation,Chambre 12\r\n" +
	"E-2,Philips,IntelliVue MX450,X,M.00.03,Mercy Ridge Children’s Hospital,NICU,Bay 3\r\n"

func TestEncodings(t *testing.T) {
	win, err := charmap.Windows1252.NewEncoder().String(accented)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(accented)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
		enc  string
	}{
		{"utf-8", accented, ""},
		{"utf-8 BOM", "\xEF\xBB\xBF" + accented, ""},
		{"windows-1252", win, ""},
		{"windows-1252 stated", win, EncodingWindows1252},
		{"utf-16le BOM", utf16, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := readAll(t, []byte(tt.data), Options{Encoding: tt.enc})
			if len(recs) != 2 {
				t.Fatalf("got %d records, want 2", len(recs))
			}
			got := []string{recs[0].AssetTag, recs[0].Manufacturer, recs[0].Facility, recs[0].Department, recs[1].Facility}
			want := []string{"E-1", "Dräger", "Hôpital Saint-Éloi", "Réanimation", "Mercy Ridge Children’s Hospital"}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("got %q, want %q", got[i], want[i])
				}
			}
		})
	}
}

func TestStrictUTF8Refuses1252(t *testing.T) {
	win, _ := charmap.Windows1252.NewEncoder().String(accented)
	rd, err := NewReader(strings.NewReader(win), "x.csv", Options{Encoding: EncodingUTF8})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	for {
		_, err = rd.Next()
		if err != nil {
			break
		}
	}
	if err == io.EOF || !strings.Contains(ward.ErrorMessage(err), "x.csv:2: not valid UTF-8") {
		t.Fatalf("got %v, want an error naming x.csv:2", err)
	}
}

func TestHeaderSynonyms(t *testing.T) {
	tests := []struct {
		header string
		want   ward.DeviceField
	}{
		{"Equipment #", ward.FieldAssetTag}, {"Asset ID", ward.FieldAssetTag}, {"TAG", ward.FieldAssetTag},
		{"Mfr", ward.FieldManufacturer}, {"Vendor", ward.FieldManufacturer}, {"Serial No.", ward.FieldSerial},
		{"Serial Nbr", ward.FieldSerial}, {"Firmware Version", ward.FieldSoftwareVersion},
		{"SW Version", ward.FieldSoftwareVersion}, {"Site", ward.FieldFacility}, {"Hospital", ward.FieldFacility},
		{"Room", ward.FieldRoom}, {"Model #", ward.FieldModelNumber}, {"Model Number", ward.FieldModelNumber},
		{"MODEL", ward.FieldModel}, {"IP Address", ward.FieldIP}, {"MAC addr", ward.FieldMAC},
		{"Purchase Date", ward.FieldAcquisitionDate}, {"Purchase Price", ward.FieldAcquisitionCost},
		{"Equipment Status", ward.FieldStatus}, {"Dept.", ward.FieldDepartment}, {"UDI", ward.FieldUDI},
	}
	for _, tt := range tests {
		got, ok := synonymIndex[headerKey(tt.header)]
		if !ok || got != tt.want {
			t.Errorf("header %q: got %v (found %v), want %v", tt.header, got, ok, tt.want)
		}
	}
}

func TestMissingRequiredColumns(t *testing.T) {
	_, err := NewReader(strings.NewReader("Tag,Serial\r\nA,1\r\n"), "inv.csv", Options{})
	if ward.ErrorCode(err) != ward.EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
	msg := ward.ErrorMessage(err)
	for _, want := range []string{"inv.csv: line 1", "missing required column manufacturer", "missing required column model"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestDuplicateColumns(t *testing.T) {
	_, err := NewReader(strings.NewReader("Tag,Asset ID,Mfr,Model\r\n"), "inv.csv", Options{})
	if err == nil || !strings.Contains(ward.ErrorMessage(err), `columns "Tag" and "Asset ID" both hold asset_tag`) {
		t.Fatalf("got %v, want a duplicate column error", err)
	}
}

func TestMalformedValues(t *testing.T) {
	data := "Asset Tag,Manufacturer,Model,MAC Address,IP Address,Acquisition Date,Acquisition Cost,Status,UDI\r\n" +
		"A-1,Philips,MX450,00:1A:2B:3C:4D:5E,10.0.0.5,2021-03-04,\"$1,250.00\",Active,(01)00884838003880\r\n" +
		"A-2,Philips,MX450,00:1A:2B:3C:4D,10.0.0.500,2021-02-30,12.345,Lost,(01)00884838003889\r\n" +
		",,MX450,,,,,,\r\n"
	recs := readAll(t, []byte(data), Options{})
	if len(recs) != 3 {
		t.Fatalf("got %d records, want 3", len(recs))
	}
	if len(recs[0].Problems) != 0 {
		t.Fatalf("line 2: unexpected problems %v", recs[0].Problems)
	}
	if recs[0].AcquisitionCost != 125000 || recs[0].Status != ward.StatusInService || recs[0].UDIDI != "00884838003880" {
		t.Errorf("line 2: got cost %d status %q DI %q", recs[0].AcquisitionCost, recs[0].Status, recs[0].UDIDI)
	}
	wantFields := []string{"MAC Address", "IP Address", "Acquisition Date", "Acquisition Cost", "Status", "UDI"}
	var gotFields []string
	for _, p := range recs[1].Problems {
		gotFields = append(gotFields, p.Field)
	}
	if strings.Join(gotFields, ",") != strings.Join(wantFields, ",") {
		t.Errorf("line 3 problems: got %v, want fields %v", recs[1].Problems, wantFields)
	}
	if recs[2].Line != 4 || len(recs[2].Problems) != 1 || recs[2].Problems[0].Field != "Asset Tag" {
		t.Errorf("line 4: got line %d problems %v, want Asset Tag is required", recs[2].Line, recs[2].Problems)
	}
}

func TestMappingFile(t *testing.T) {
	for _, mapping := range []string{
		"# CMMS X export\nasset_tag = Equip Nbr\nmanufacturer = Maker Co\nmodel = Prod\n",
		`{"asset_tag": "Equip Nbr", "manufacturer": "Maker Co", "model": "Prod"}`,
	} {
		m, err := ParseMapping(strings.NewReader(mapping), "map.txt")
		if err != nil {
			t.Fatalf("ParseMapping: %v", err)
		}
		recs := readAll(t, []byte("Equip Nbr;Maker Co;Prod;Tag\r\nX-1;GE;CARESCAPE B450;ignored\r\n"), Options{Mapping: m})
		if len(recs) != 1 || recs[0].AssetTag != "X-1" || recs[0].Manufacturer != "GE" || recs[0].Model != "CARESCAPE B450" {
			t.Errorf("got %+v, want X-1 GE CARESCAPE B450", recs)
		}
	}
	_, err := ParseMapping(strings.NewReader("asset = X\n"), "map.txt")
	if err == nil || !strings.Contains(ward.ErrorMessage(err), `map.txt:1: unknown field "asset"`) {
		t.Errorf("got %v, want an unknown field error on line 1", err)
	}
}

func TestStrayQuote(t *testing.T) {
	data := "Tag,Mfr,Model\r\nA,Philips,MX 4\"50\r\nB,Philips,MX450\r\n"
	recs := readAll(t, []byte(data), Options{})
	if len(recs) != 2 || len(recs[0].Problems) != 1 || recs[0].Line != 2 || recs[1].AssetTag != "B" {
		t.Fatalf("got %d records (%+v), want line 2 refused and B read", len(recs), recs)
	}
}

func TestNotText(t *testing.T) {
	_, err := NewReader(bytes.NewReader([]byte("PK\x03\x04rest of a zip")), "inv.xlsx", Options{})
	if err == nil || !strings.Contains(ward.ErrorMessage(err), "export it as CSV") {
		t.Fatalf("got %v, want a hint to export CSV", err)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, order, want string
		ok              bool
	}{
		{"2021-03-04", "", "2021-03-04", true},
		{"03/04/2021", DateOrderMDY, "2021-03-04", true},
		{"03/04/2021", DateOrderDMY, "2021-04-03", true},
		{"3/4/21", DateOrderMDY, "2021-03-04", true},
		{"04-Mar-2021", "", "2021-03-04", true},
		{"March 4, 2021", "", "2021-03-04", true},
		{"2021-03-04 10:22:00", "", "2021-03-04", true},
		{"20210304", "", "2021-03-04", true},
		{"2021-02-30", "", "", false},
		{"13/13/2021", DateOrderMDY, "", false},
		{"1899-01-01", "", "", false},
		{"soon", "", "", false},
	}
	for _, tt := range tests {
		d, err := parseDate(tt.in, tt.order)
		if (err == nil) != tt.ok || d.String() != tt.want {
			t.Errorf("parseDate(%q, %q) = %q, %v; want %q, ok %v", tt.in, tt.order, d, err, tt.want, tt.ok)
		}
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte(accented))
	f.Add([]byte("Tag,Mfr,Model\n\"a\"\"b\",c,d\n"))
	f.Add([]byte("\xFF\xFETag"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewReader(bytes.NewReader(data), "fuzz.csv", Options{})
		if err != nil {
			if ward.ErrorCode(err) != ward.EINVALID {
				t.Fatalf("NewReader error without EINVALID: %v", err)
			}
			return
		}
		defer rd.Close()
		for i := 0; i < 10000; i++ {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				return
			}
			if len(rec.Problems) == 0 && (rec.AssetTag == "" || rec.Manufacturer == "" || rec.Model == "") {
				t.Fatalf("record without problems lacks a required field: %+v", rec)
			}
		}
	})
}
