package openfda

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"ward"
	"ward/ingest/jsonptr"
)

// wireRecord holds the fields Ward reads from a device recall record
// (/device/recall) or an enforcement report record (/device/enforcement);
// the two formats share their descriptive fields. Other fields are
// ignored.
type wireRecord struct {
	// /device/recall
	ProductResNumber    text   `json:"product_res_number"`
	ResEventNumber      text   `json:"res_event_number"`
	RecallStatus        text   `json:"recall_status"`
	EventDateInitiated  text   `json:"event_date_initiated"`
	EventDatePosted     text   `json:"event_date_posted"`
	EventDateTerminated text   `json:"event_date_terminated"`
	RootCause           text   `json:"root_cause_description"`
	Action              text   `json:"action"`
	KNumbers            []text `json:"k_numbers"`
	PMANumbers          []text `json:"pma_numbers"`

	// /device/enforcement
	RecallNumber       text `json:"recall_number"`
	EventID            text `json:"event_id"`
	Status             text `json:"status"`
	Classification     text `json:"classification"`
	InitiationDate     text `json:"recall_initiation_date"`
	ClassificationDate text `json:"center_classification_date"`
	TerminationDate    text `json:"termination_date"`
	ProductType        text `json:"product_type"`
	MoreCodeInfo       text `json:"more_code_info"`

	// both
	RecallingFirm       text `json:"recalling_firm"`
	ProductCode         text `json:"product_code"`
	ProductDescription  text `json:"product_description"`
	CodeInfo            text `json:"code_info"`
	ReasonForRecall     text `json:"reason_for_recall"`
	ProductQuantity     text `json:"product_quantity"`
	DistributionPattern text `json:"distribution_pattern"`
	OpenFDA             struct {
		DeviceName loose `json:"device_name"`
	} `json:"openfda"`
}

// maxText is the longest text field kept, in bytes; longer values (a
// code_info listing tens of thousands of lots) are cut at a rune boundary.
const maxText = 256 << 10

// text is a JSON string (or, for numbers openFDA writes either way such
// as event_id, a number), null for empty.
type text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *text) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*t = text(b)
	default:
		return &json.UnmarshalTypeError{Value: kindOf(b), Type: reflect.TypeFor[string]()}
	}
	return nil
}

// loose is a value Ward reads when it is a string or a list of strings
// (openfda.device_name is a string in recalls, a list in some exports).
type loose string

// UnmarshalJSON implements json.Unmarshaler; other kinds read as "".
func (l *loose) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*l = loose(s)
		return nil
	}
	var ss []string
	if json.Unmarshal(b, &ss) == nil && len(ss) > 0 {
		*l = loose(ss[0])
	}
	return nil
}

// convert turns a wire record at path into a recall, or a RecordError
// naming the field at fault.
func convert(file, path string, w *wireRecord) (*ward.Recall, error) {
	bad := func(field, format string, args ...any) error {
		return &ward.RecordError{File: file, Path: path + "/" + field, Message: fmt.Sprintf(format, args...)}
	}
	if pt := strings.TrimSpace(string(w.ProductType)); pt != "" && !strings.EqualFold(pt, "Devices") {
		return nil, bad("product_type", "%q: not a device recall", jsonptr.Clip(pt))
	}
	r := &ward.Recall{}
	numberField, raw := "product_res_number", w.ProductResNumber
	r.Sources = []string{ward.RecallSourceRecall}
	if raw == "" {
		numberField, raw = "recall_number", w.RecallNumber
		r.Sources = []string{ward.RecallSourceEnforcement}
	}
	if strings.TrimSpace(string(raw)) == "" {
		return nil, &ward.RecordError{File: file, Path: path, Message: "no product_res_number or recall_number: not a device recall record"}
	}
	var err error
	if r.Number, err = ward.NormalizeRecallNumber(string(raw)); err != nil {
		return nil, bad(numberField, "%s", ward.ErrorMessage(err))
	}
	if r.Classification, err = ward.NormalizeRecallClass(string(w.Classification)); err != nil {
		return nil, bad("classification", "%s", ward.ErrorMessage(err))
	}
	if r.ProductCode, err = productCode(string(w.ProductCode)); err != nil {
		return nil, bad("product_code", "%s", err)
	}
	r.EventID = clean(string(first(w.ResEventNumber, w.EventID)))
	r.Firm = clean(string(w.RecallingFirm))
	r.DeviceName = clean(string(w.OpenFDA.DeviceName))
	r.ProductDescription = clean(string(w.ProductDescription))
	r.CodeInfo = clean(strings.TrimSpace(string(w.CodeInfo) + "\n" + string(w.MoreCodeInfo)))
	r.Reason = clean(string(w.ReasonForRecall))
	r.Action = clean(string(w.Action))
	r.RootCause = clean(string(w.RootCause))
	r.FDAStatus = clean(string(first(w.RecallStatus, w.Status)))
	r.Distribution = clean(string(w.DistributionPattern))
	r.Quantity = clean(string(w.ProductQuantity))
	r.KNumbers, r.PMANumbers = list(w.KNumbers), list(w.PMANumbers)
	dates := []struct {
		dst   *ward.Date
		field string
		v     text
	}{
		{&r.Initiated, "event_date_initiated", w.EventDateInitiated}, {&r.Initiated, "recall_initiation_date", w.InitiationDate},
		{&r.Posted, "event_date_posted", w.EventDatePosted}, {&r.Posted, "center_classification_date", w.ClassificationDate},
		{&r.Terminated, "event_date_terminated", w.EventDateTerminated}, {&r.Terminated, "termination_date", w.TerminationDate},
	}
	for _, d := range dates {
		if d.v == "" || !d.dst.IsZero() {
			continue
		}
		if *d.dst, err = parseDate(string(d.v)); err != nil {
			return nil, bad(d.field, "%s", err)
		}
	}
	return r, nil
}

// parseDate reads openFDA's dates: "2019-05-17" in recalls, "20190517" in
// enforcement reports.
func parseDate(s string) (ward.Date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return ward.DateOf(t), nil
		}
	}
	return ward.Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD or YYYYMMDD)", jsonptr.Clip(s))
}

// productCode checks an FDA product code: three letters. openFDA writes
// "N/A" or nothing for recalls without one.
func productCode(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || s == "N/A" || s == "NA" {
		return "", nil
	}
	if len(s) != 3 || strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", fmt.Errorf("%q is not an FDA product code (want three letters)", jsonptr.Clip(s))
	}
	return s, nil
}

func first(a, b text) text {
	if strings.TrimSpace(string(a)) != "" {
		return a
	}
	return b
}

func list(ts []text) []string {
	var out []string
	for _, t := range ts {
		if s := clean(string(t)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// clean trims a text, turns control characters other than tab and line
// breaks into spaces, and cuts it to maxText bytes.
func clean(s string) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return ' '
		}
		return r
	}, s))
	if len(s) > maxText {
		cut := maxText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}
