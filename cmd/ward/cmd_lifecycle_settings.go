package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"ward"
)

// lifecyclePolicyFields are the policy's thresholds, by JSON name; each is
// a flag of "lifecycle policy set" with dashes for underscores.
var lifecyclePolicyFields = []struct{ name, usage string }{
	{"life_replace_pct", "replace at this share (%) of the expected life used"},
	{"life_warn_pct", "say so from this share (%) of the expected life"},
	{"support_warn_months", "say so when OEM support ends within this many months"},
	{"repair_ratio_replace", "replace when 12 months of repairs cost this fraction of a replacement"},
	{"repair_ratio_warn", "say so from this fraction"},
	{"downtime_hours_replace", "replace after this many hours down in 12 months"},
	{"unused_days", "a device in service not seen for this many days is unused"},
	{"critical_cvss", "an unpatched finding with this CVSS base score or more is critical"},
	{"kev_critical", "an unpatched finding with a CVE in CISA's KEV catalog is critical (true or false)"},
	{"mitigation_hours", "labour hours to mitigate one open finding no patch fixes"},
	{"patch_hours", "labour hours to install a patch whose catalog entry gives no time"},
	{"labour_rate", "cost of one hour of labour"},
	{"mitigation_replace_pct", "replace when mitigating costs this share (%) of replacing"},
	{"horizon_years", "years the capital plan looks ahead"},
}

func cmdLifecyclePolicy(ctx context.Context, e *env, args []string) error {
	verb := "show"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	fs := newFlags(e, "lifecycle policy", "[show] [--format table|json] | set [--NAME VALUE …]")
	values := map[string]*string{}
	for _, f := range lifecyclePolicyFields {
		values[f.name] = fs.String(strings.ReplaceAll(f.name, "_", "-"), "", f.usage+" (set)")
	}
	format := fs.String("format", formatTable, "output format: table or json")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if verb != "show" && verb != "set" {
		return usageError(e, fs, "unknown action %q: show or set", verb)
	}
	if *format != formatTable && *format != formatJSON {
		return usageError(e, fs, "--format must be table or json")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	p, err := db.FindLifecyclePolicy(ctx)
	if err != nil {
		return err
	}
	if verb == "set" {
		if err := applyPolicyFlags(fs, p); err != nil {
			return err
		}
		if err := db.SetLifecyclePolicy(ctx, p); err != nil {
			return err
		}
	}
	if *format == formatJSON {
		return writeJSON(e.stdout, p)
	}
	raw, _ := json.Marshal(p)
	var m map[string]json.RawMessage
	json.Unmarshal(raw, &m)
	w := newListWriter(e.stdout, formatTable, []string{"threshold", "value", "meaning"})
	for _, f := range lifecyclePolicyFields {
		w.row([]string{f.name, string(m[f.name]), f.usage}, nil, nil)
	}
	return w.close()
}

// applyPolicyFlags sets the thresholds given on the command line, each
// read as the JSON value of its field (a number, or true/false).
func applyPolicyFlags(fs *flag.FlagSet, p *ward.LifecyclePolicy) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		name := strings.ReplaceAll(f.Name, "-", "_")
		if name == "format" || err != nil {
			return
		}
		doc := `{"` + name + `":` + strings.TrimSpace(f.Value.String()) + `}`
		if json.Unmarshal([]byte(doc), p) != nil {
			err = ward.Errorf(ward.EINVALID, "--%s %q: want a number (or true/false)", f.Name, f.Value.String())
		}
	})
	return err
}

func cmdLifecycleModel(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "lifecycle model", "--manufacturer M --model X [--life YEARS] [--end-of-support DATE] [--parts P] [--replacement-cost AMOUNT]")
	mfr := fs.String("manufacturer", "", "manufacturer of the model")
	model := fs.String("model", "", "model name or alias")
	life := fs.Int("life", -1, "expected service life in years (0 clears it)")
	eos := fs.String("end-of-support", "", "the manufacturer's end of support, YYYY-MM-DD (\"none\" clears it)")
	parts := fs.String("parts", "", "parts availability: available, limited or unavailable (\"none\" clears it)")
	cost := fs.String("replacement-cost", "", "what a new unit costs today, e.g. 24500.00 (0 clears it: acquisition costs stand in)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if *mfr == "" || *model == "" {
		return usageError(e, fs, "lifecycle model needs --manufacturer and --model")
	}
	var upd ward.ModelUpdate
	if *life >= 0 {
		upd.ExpectedLifeYears = life
	}
	if *eos != "" {
		d, err := ward.ParseDate(clearable(*eos))
		if err != nil {
			return err
		}
		upd.EndOfSupport = &d
	}
	if *parts != "" {
		p := clearable(*parts)
		upd.Parts = &p
	}
	if *cost != "" {
		amount, err := ward.ParseMoney(*cost)
		if err != nil {
			return err
		}
		upd.ReplacementCost = &amount
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	m, err := findModel(ctx, db, *mfr, *model)
	if err != nil {
		return err
	}
	if m, err = db.UpdateModel(ctx, m.ID, upd); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %s: expected life %s years, end of support %s, parts %s, replacement cost %s\n", m.Manufacturer, m.Name,
		orNone(intText(m.ExpectedLifeYears)), orNone(dateOrEmpty(m.EndOfSupport)), orNone(m.Parts), orNone(moneyText(m.ReplacementCost)))
	return nil
}

// clearable reads a flag value where "none" clears the field.
func clearable(v string) string {
	if v == "none" {
		return ""
	}
	return v
}

// moneyText renders an amount, "" for zero (unknown).
func moneyText(m ward.Money) string {
	if m == 0 {
		return ""
	}
	return m.String()
}
