package demo

import (
	"fmt"
	"io"
	"reflect"
	"testing"

	"ward"
)

func historyOf(t *testing.T, units []Unit, seed uint64) []ward.WorkOrder {
	t.Helper()
	h := NewWorkOrderHistory(units, seed)
	var out []ward.WorkOrder
	for {
		rec, err := h.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		wo := ward.WorkOrder{TeamSource: ward.TeamFromMatrix}
		if err := rec.ApplyTo(&wo); err != nil {
			t.Fatalf("%s: %v", rec.Values.Number, err)
		}
		wo.Number, wo.AssetTag, wo.CreatedAt = rec.Values.Number, rec.Values.AssetTag, rec.Values.CreatedAt
		if err := wo.Normalize(); err != nil {
			t.Fatalf("%s is not a valid order: %v", wo.Number, err)
		}
		out = append(out, wo)
	}
}

func TestWorkOrderHistory(t *testing.T) {
	var units []Unit
	types := []string{"Infusion Pump", "Ventilator", "CT Scanner", "PACS", "Exam Light", "Patient Monitor"}
	for i := range 600 {
		u := Unit{Tag: fmt.Sprintf("U-%04d", i), DeviceType: types[i%len(types)],
			Model: "Model", Status: ward.StatusInService, ScheduleID: int64(1 + i%len(types))}
		if i%7 == 0 {
			u.Acquired = historyStart.AddInterval(0, i%300)
		}
		if i%50 == 0 {
			u.Status = ward.StatusRetired
		}
		units = append(units, u)
	}
	a, b := historyOf(t, units, 1), historyOf(t, units, 1)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same units and seed must give the same history")
	}
	if c := historyOf(t, units, 2); reflect.DeepEqual(a, c) {
		t.Error("another seed must give another history")
	}
	typeOf := map[string]string{}
	for _, u := range units {
		typeOf[u.Tag] = u.DeviceType
	}
	byType := map[string]int{}
	openPM := map[string]int{}
	numbers := map[string]bool{}
	for _, wo := range a {
		byType[wo.Type]++
		if numbers[wo.Number] {
			t.Fatalf("number %s given twice", wo.Number)
		}
		numbers[wo.Number] = true
		if wo.Type == ward.WorkOrderPM && !ward.FinalStatus(wo.Status) {
			if openPM[wo.AssetTag]++; openPM[wo.AssetTag] > 1 {
				t.Errorf("%s has two open PM orders under one schedule", wo.AssetTag)
			}
		}
		if wo.Status == ward.WorkOrderCompleted && (wo.Completed.Before(historyStart) || historyEnd.Before(wo.Completed)) {
			t.Errorf("%s completed %s, outside the history", wo.Number, wo.Completed)
		}
		if wo.Type == ward.WorkOrderPM && typeOf[wo.AssetTag] == "PACS" {
			t.Errorf("PACS has no planned maintenance")
		}
	}
	for _, typ := range []string{ward.WorkOrderPM, ward.WorkOrderRepair, ward.WorkOrderInspection, ward.WorkOrderDecommission} {
		if byType[typ] == 0 {
			t.Errorf("no %s orders in the history: %v", typ, byType)
		}
	}
	// Quarterly CT and semi-annual ventilator PM: more than one order a
	// unit on average.
	if pm := byType[ward.WorkOrderPM]; pm < len(units) {
		t.Errorf("PM orders: got %d for %d units, want more than one a unit on average", pm, len(units))
	}
}
