package cmms

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"ward"
	"ward/names"
)

// woTypeWords maps how CMMS exports name work order types.
var woTypeWords = map[string]string{
	"pm": ward.WorkOrderPM, "preventive maintenance": ward.WorkOrderPM, "preventive": ward.WorkOrderPM,
	"planned maintenance": ward.WorkOrderPM, "scheduled maintenance": ward.WorkOrderPM, "sm": ward.WorkOrderPM,
	"ppm": ward.WorkOrderPM, "planned preventive maintenance": ward.WorkOrderPM,
	"cm": ward.WorkOrderRepair, "corrective repair": ward.WorkOrderRepair, "corrective maintenance": ward.WorkOrderRepair,
	"corrective": ward.WorkOrderRepair, "repair": ward.WorkOrderRepair, "breakdown": ward.WorkOrderRepair,
	"unscheduled maintenance": ward.WorkOrderRepair, "service request": ward.WorkOrderRepair,
	"patch": ward.WorkOrderPatch, "software update": ward.WorkOrderPatch, "software upgrade": ward.WorkOrderPatch,
	"firmware update": ward.WorkOrderPatch, "firmware upgrade": ward.WorkOrderPatch, "upgrade": ward.WorkOrderPatch,
	"recall": ward.WorkOrderRecall, "field action": ward.WorkOrderRecall, "fsca": ward.WorkOrderRecall,
	"field safety corrective action": ward.WorkOrderRecall, "safety notice": ward.WorkOrderRecall, "hazard alert": ward.WorkOrderRecall,
	"security mitigation": ward.WorkOrderMitigation, "security": ward.WorkOrderMitigation, "mitigation": ward.WorkOrderMitigation,
	"cybersecurity": ward.WorkOrderMitigation,
	"inspection":    ward.WorkOrderInspection, "incoming inspection": ward.WorkOrderInspection,
	"acceptance": ward.WorkOrderInspection, "acceptance test": ward.WorkOrderInspection, "safety inspection": ward.WorkOrderInspection,
	"electrical safety": ward.WorkOrderInspection, "ia": ward.WorkOrderInspection,
	"decommission": ward.WorkOrderDecommission, "decommissioning": ward.WorkOrderDecommission,
	"retire": ward.WorkOrderDecommission, "retirement": ward.WorkOrderDecommission, "disposal": ward.WorkOrderDecommission,
}

// woStatusWords maps how CMMS exports name work order statuses.
var woStatusWords = map[string]string{
	"open": ward.WorkOrderOpen, "new": ward.WorkOrderOpen, "requested": ward.WorkOrderOpen, "submitted": ward.WorkOrderOpen,
	"scheduled": ward.WorkOrderScheduled, "assigned": ward.WorkOrderScheduled, "planned": ward.WorkOrderScheduled,
	"in progress": ward.WorkOrderInProgress, "working": ward.WorkOrderInProgress, "wip": ward.WorkOrderInProgress,
	"started": ward.WorkOrderInProgress, "active": ward.WorkOrderInProgress,
	"on hold": ward.WorkOrderOnHold, "hold": ward.WorkOrderOnHold, "waiting for parts": ward.WorkOrderOnHold,
	"awaiting parts": ward.WorkOrderOnHold, "pending": ward.WorkOrderOnHold, "waiting": ward.WorkOrderOnHold,
	"parts on order": ward.WorkOrderOnHold, "awaiting vendor": ward.WorkOrderOnHold,
	"completed": ward.WorkOrderCompleted, "complete": ward.WorkOrderCompleted, "closed": ward.WorkOrderCompleted,
	"done": ward.WorkOrderCompleted, "finished": ward.WorkOrderCompleted, "resolved": ward.WorkOrderCompleted,
	"cancelled": ward.WorkOrderCancelled, "canceled": ward.WorkOrderCancelled, "void": ward.WorkOrderCancelled,
	"voided": ward.WorkOrderCancelled, "deleted": ward.WorkOrderCancelled,
}

// woPriorityWords maps priorities, named or numbered 1 (highest) to 5.
var woPriorityWords = map[string]string{
	"critical": "critical", "urgent": "critical", "emergency": "critical", "1": "critical", "p1": "critical",
	"high": "high", "2": "high", "p2": "high",
	"medium": "medium", "normal": "medium", "routine": "medium", "3": "medium", "p3": "medium",
	"low": "low", "4": "low", "5": "low", "p4": "low", "p5": "low",
}

// wordKey normalises an enumerated cell: case, punctuation and underscores
// are ignored, so "In-Progress", "in_progress" and "IN PROGRESS" agree.
func wordKey(s string) string { return strings.Join(names.Words(strings.ReplaceAll(s, "_", " ")), " ") }

// record validates one row into a WorkOrderRecord, keeping every problem
// with the column named as the file names it.
func (rd *WorkOrderReader) record(line int, row []string, opts Options) *ward.WorkOrderRecord {
	rec := &ward.WorkOrderRecord{Line: line, Present: rd.present, Raw: append([]string(nil), row...)}
	if len(row) > len(rd.header) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: "(row)",
			Message: fmt.Sprintf("has %d fields but the header has %d (an unquoted delimiter inside a value?)", len(row), len(rd.header))})
		return rec
	}
	for i, f := range rd.fields {
		if f < 0 {
			continue
		}
		cell := ""
		if i < len(row) {
			cell = undefuse(row[i])
		}
		if err := setWOField(&rec.Values, f, cell, opts); err != nil {
			rec.Problems = append(rec.Problems, ward.FieldProblem{Field: rd.header[i], Message: err.Error()})
		}
	}
	if len(rec.Problems) == 0 && rec.Values.Number == "" {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: rd.header[rd.col[ward.WOFieldNumber]], Message: "is required"})
	}
	return rec
}

// undefuse removes the quote Ward's CSV export puts before a value a
// spreadsheet would run as a formula, so an export imports unchanged.
func undefuse(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// setWOField parses a cell into its field of wo.
func setWOField(wo *ward.WorkOrder, f ward.WorkOrderField, cell string, opts Options) error {
	if max, multiline := ward.WorkOrderTextLimit(f); max > 0 {
		v, err := ward.CleanText(cell, max, "the value", multiline)
		if err != nil {
			return fmt.Errorf("%s", strings.TrimPrefix(ward.ErrorMessage(err), "the value "))
		}
		*woText(wo, f) = v
		return nil
	}
	v := strings.TrimSpace(cell)
	var err error
	switch f {
	case ward.WOFieldType:
		wo.Type, err = enumCell(v, woTypeWords, ward.WorkOrderTypes)
	case ward.WOFieldStatus:
		wo.Status, err = enumCell(v, woStatusWords, ward.WorkOrderStatuses)
	case ward.WOFieldPriority:
		wo.Priority, err = enumCell(v, woPriorityWords, ward.WorkOrderPriorities)
	case ward.WOFieldScheduled, ward.WOFieldDue, ward.WOFieldStarted, ward.WOFieldCompleted:
		*woDate(wo, f), err = parseDate(v, opts.DateOrder)
	case ward.WOFieldEstimatedHours, ward.WOFieldLabourHours, ward.WOFieldDowntimeHours:
		*woHours(wo, f), err = ward.ParseHours(v)
	case ward.WOFieldPartsCost, ward.WOFieldLabourCost, ward.WOFieldCost:
		*woMoney(wo, f), err = ward.ParseMoney(v)
	case ward.WOFieldParts:
		wo.Parts, err = ward.ParseParts(v)
	case ward.WOFieldLinks:
		wo.Links, err = ward.ParseLinks(v)
	case ward.WOFieldSchedule:
		if v != "" {
			if wo.ScheduleID, err = strconv.ParseInt(v, 10, 64); err != nil || wo.ScheduleID <= 0 {
				return fmt.Errorf("%q is not a schedule ID", v)
			}
		}
	case ward.WOFieldCreatedAt:
		wo.CreatedAt, err = parseTimestamp(v, opts.DateOrder)
	}
	if err != nil {
		return errors.New(cellMessage(err))
	}
	return nil
}

// cellMessage is what a person reads about a bad cell: a Ward error's
// message, or the parser's own words.
func cellMessage(err error) string {
	var we *ward.Error
	if errors.As(err, &we) {
		return ward.ErrorMessage(err)
	}
	return err.Error()
}

// enumCell reads an enumerated value: Ward's own spelling, or a word
// exports use; "" stays "".
func enumCell(v string, words map[string]string, known []string) (string, error) {
	if v == "" {
		return "", nil
	}
	k := wordKey(v)
	if s, ok := words[k]; ok {
		return s, nil
	}
	for _, s := range known {
		if k == wordKey(s) {
			return s, nil
		}
	}
	return "", fmt.Errorf("%q is not one of %s", v, strings.Join(known, ", "))
}

func woText(wo *ward.WorkOrder, f ward.WorkOrderField) *string {
	switch f {
	case ward.WOFieldNumber:
		return &wo.Number
	case ward.WOFieldTitle:
		return &wo.Title
	case ward.WOFieldDescription:
		return &wo.Description
	case ward.WOFieldNotes:
		return &wo.Notes
	case ward.WOFieldAssetTag:
		return &wo.AssetTag
	case ward.WOFieldTeam:
		return &wo.Team
	case ward.WOFieldAssignee:
		return &wo.Assignee
	case ward.WOFieldTargetVersion:
		return &wo.TargetVersion
	}
	return (*string)(&wo.CreatedBy) // WOFieldCreatedBy
}

func woDate(wo *ward.WorkOrder, f ward.WorkOrderField) *ward.Date {
	switch f {
	case ward.WOFieldScheduled:
		return &wo.Scheduled
	case ward.WOFieldDue:
		return &wo.Due
	case ward.WOFieldStarted:
		return &wo.Started
	}
	return &wo.Completed
}

func woHours(wo *ward.WorkOrder, f ward.WorkOrderField) *float64 {
	switch f {
	case ward.WOFieldEstimatedHours:
		return &wo.EstimatedHours
	case ward.WOFieldLabourHours:
		return &wo.LabourHours
	}
	return &wo.DowntimeHours
}

func woMoney(wo *ward.WorkOrder, f ward.WorkOrderField) *ward.Money {
	switch f {
	case ward.WOFieldPartsCost:
		return &wo.PartsCost
	case ward.WOFieldLabourCost:
		return &wo.LabourCost
	}
	return &wo.Cost
}
