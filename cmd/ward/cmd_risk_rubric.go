package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"ward"
	"ward/app"
	"ward/risk"
)

const riskRubricUsage = `questions [--format …]
       ward risk rubric show [--manufacturer M --model N] [--format …]
       ward risk rubric set --manufacturer M --model N QUESTION=ANSWER …
A set replaces the model's answers; "not_defined" leaves a CVSS metric as published.`

func cmdRiskRubric(ctx context.Context, e *env, args []string) error {
	verb := "show"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	fs := newFlags(e, "risk rubric", riskRubricUsage)
	subj := subjectFlags{new(string), fs.String("manufacturer", "", "manufacturer of the model"), fs.String("model", "", "model name or alias")}
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if verb != "set" && len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if err := checkFormat(*format); err != nil {
		return usageError(e, fs, "%v", err)
	}
	switch verb {
	case "questions":
		return listRubricQuestions(e, *format)
	case "show", "set":
	default:
		return usageError(e, fs, "unknown action %q: questions, show or set", verb)
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	var modelID int64
	if verb == "set" || *subj.model != "" {
		if modelID, _, err = subj.resolve(ctx, db, false); err != nil {
			return err
		}
	}
	if verb == "show" {
		rs, err := db.FindModelRubrics(ctx, modelID)
		if err != nil {
			return err
		}
		return listRubrics(e, rs, *format)
	}
	answers := ward.RubricAnswers{}
	for _, p := range pos {
		q, a, ok := strings.Cut(p, "=")
		if !ok {
			return usageError(e, fs, "answer %q: write QUESTION=ANSWER", p)
		}
		answers[strings.TrimSpace(q)] = strings.TrimSpace(a)
	}
	r, err := (&app.App{Store: db}).SetModelRubric(ctx, modelID, answers)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "rubric of %s: %d answer(s); environmental metrics %s\n", r.Model, len(r.Answers),
		firstNonEmpty(risk.EnvFromAnswers(r.Answers).String(), "none (published metrics stand)"))
	return nil
}

func listRubricQuestions(e *env, format string) error {
	w := newListWriter(e.stdout, format, []string{"question", "metric", "text", "answers"})
	for i := range risk.Questions {
		q := &risk.Questions[i]
		var ans []string
		for _, a := range q.Answers {
			ans = append(ans, a.Key+"="+a.Value)
		}
		w.row([]string{q.Key, q.Metric, q.Text, strings.Join(ans, " ")}, q, nil)
	}
	return w.close()
}

func listRubrics(e *env, rs []ward.ModelRubric, format string) error {
	w := newListWriter(e.stdout, format, []string{"model", "question", "answer", "actor", "at"})
	for i := range rs {
		r := &rs[i]
		if format == formatJSON || format == formatJSONL {
			w.row(nil, r, nil)
			continue
		}
		for _, q := range risk.Questions {
			if a, ok := r.Answers[q.Key]; ok {
				w.row([]string{r.Model, q.Key, a, string(r.Actor), dateText(r.At)}, nil, nil)
			}
		}
	}
	return w.close()
}

func cmdRiskPolicy(ctx context.Context, e *env, args []string) error {
	verb := "show"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	fs := newFlags(e, "risk policy", "[show] [--format table|json] | set [--critical DAYS] [--high DAYS] [--medium DAYS] [--low DAYS]")
	days := map[string]*int{}
	for _, p := range ward.Priorities {
		days[p] = fs.Int(p, 0, "days after first seen a "+p+" finding is due (set; 0 keeps the current value)")
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
	p, err := db.FindRiskPolicy(ctx)
	if err != nil {
		return err
	}
	if verb == "set" {
		for prio, d := range map[string]*int{ward.PriorityCritical: &p.CriticalDays, ward.PriorityHigh: &p.HighDays,
			ward.PriorityMedium: &p.MediumDays, ward.PriorityLow: &p.LowDays} {
			if v := *days[prio]; v != 0 {
				*d = v
			}
		}
		if err := db.SetRiskPolicy(ctx, p); err != nil {
			return err
		}
	}
	if *format == formatJSON {
		return writeJSON(e.stdout, p)
	}
	w := newListWriter(e.stdout, formatTable, []string{"priority", "due_days"})
	for _, prio := range ward.Priorities {
		w.row([]string{prio, strconv.Itoa(p.Days(prio))}, nil, nil)
	}
	return w.close()
}
