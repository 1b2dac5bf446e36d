package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"ward"
	"ward/sqlstore"
)

// triBool is a boolean flag that remembers whether it was given, so
// "not recorded" differs from "false".
type triBool struct{ v *bool }

func (t *triBool) String() string {
	if t == nil || t.v == nil {
		return ""
	}
	return strconv.FormatBool(*t.v)
}

func (t *triBool) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	t.v = &b
	return nil
}

// IsBoolFlag lets "--segmented" stand for "--segmented=true".
func (t *triBool) IsBoolFlag() bool { return true }

// subjectFlags name what controls or rubric answers are recorded for: a
// device by asset tag, or a model by manufacturer and name.
type subjectFlags struct {
	device, manufacturer, model *string
}

// resolve returns the model ID or device ID the flags name (exactly one).
func (s subjectFlags) resolve(ctx context.Context, db *sqlstore.DB, deviceOK bool) (modelID, deviceID int64, err error) {
	switch {
	case *s.device != "" && *s.model != "":
		return 0, 0, ward.Errorf(ward.EINVALID, "give --device or --model, not both")
	case *s.device != "" && deviceOK:
		d, err := db.FindDeviceByTag(ctx, *s.device)
		if err != nil {
			return 0, 0, err
		}
		return 0, d.ID, nil
	case *s.model != "":
		m, err := findModel(ctx, db, *s.manufacturer, *s.model)
		if err != nil {
			return 0, 0, err
		}
		return m.ID, 0, nil
	}
	if deviceOK {
		return 0, 0, ward.Errorf(ward.EINVALID, "name a --device, or a --model with its --manufacturer")
	}
	return 0, 0, ward.Errorf(ward.EINVALID, "name a --model with its --manufacturer")
}

const riskControlsUsage = `[list] [--format …]
       ward risk controls set (--device TAG | --manufacturer M --model N) [--segmented[=false]] [--services-disabled[=false]] [--remote-access-removed[=false]] [--internet-exposed[=false]] [--note TEXT]
       ward risk controls unset (--device TAG | --manufacturer M --model N)
A set replaces what was recorded for that device or model: a control not
given is not recorded (a device's recorded value beats its model's).`

func cmdRiskControls(ctx context.Context, e *env, args []string) error {
	verb := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	fs := newFlags(e, "risk controls", riskControlsUsage)
	subj := subjectFlags{fs.String("device", "", "asset tag of the device"), fs.String("manufacturer", "", "manufacturer of the model"),
		fs.String("model", "", "model name or alias")}
	var seg, svc, remote, inet triBool
	fs.Var(&seg, "segmented", "the device sits on a segmented network (VLAN with restrictive ACLs)")
	fs.Var(&svc, "services-disabled", "unneeded network services are disabled")
	fs.Var(&remote, "remote-access-removed", "vendor remote access is removed or gated")
	fs.Var(&inet, "internet-exposed", "the device is reachable from the internet")
	note := fs.String("note", "", "why, or how it was verified")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl (list)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if verb != "list" && verb != "set" && verb != "unset" {
		return usageError(e, fs, "unknown action %q: list, set or unset", verb)
	}
	if err := checkFormat(*format); err != nil {
		return usageError(e, fs, "%v", err)
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	if verb == "list" {
		return listRiskControls(ctx, e, db, *format)
	}
	modelID, deviceID, err := subj.resolve(ctx, db, true)
	if err != nil {
		return err
	}
	if verb == "unset" {
		if err := db.DeleteRiskControls(ctx, modelID, deviceID); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed the controls of %s\n", firstNonEmpty(*subj.device, *subj.manufacturer+" "+*subj.model))
		return nil
	}
	c := &ward.RiskControls{ModelID: modelID, DeviceID: deviceID, Segmented: seg.v, ServicesDisabled: svc.v,
		RemoteAccessRemoved: remote.v, InternetExposed: inet.v, Note: *note}
	if err := db.SetRiskControls(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "controls of %s: %s\n", c.Subject, controlsText(c))
	return nil
}

func listRiskControls(ctx context.Context, e *env, db *sqlstore.DB, format string) error {
	cs, err := db.FindRiskControls(ctx)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, format, []string{"for", "subject", "segmented", "services_disabled", "remote_access_removed", "internet_exposed", "note", "actor", "at"})
	for i := range cs {
		c := &cs[i]
		kind := "model"
		if c.DeviceID != 0 {
			kind = "device"
		}
		w.row([]string{kind, c.Subject, boolText(c.Segmented), boolText(c.ServicesDisabled), boolText(c.RemoteAccessRemoved),
			boolText(c.InternetExposed), c.Note, string(c.Actor), dateText(c.At)}, c, nil)
	}
	return w.close()
}

// boolText shows an unrecorded control as empty.
func boolText(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

func controlsText(c *ward.RiskControls) string {
	var parts []string
	for _, x := range []struct {
		name string
		v    *bool
	}{{"segmented", c.Segmented}, {"services disabled", c.ServicesDisabled}, {"remote access removed", c.RemoteAccessRemoved}, {"internet exposed", c.InternetExposed}} {
		if x.v != nil {
			parts = append(parts, x.name+"="+strconv.FormatBool(*x.v))
		}
	}
	if len(parts) == 0 {
		return "none recorded"
	}
	return strings.Join(parts, ", ")
}
