package main

import (
	"context"
	"io"

	"ward"
	"ward/app"
	"ward/demo"
	"ward/sqlstore"
)

// demoRecalls imports the demo's synthetic recalls (labelled as demo
// data) and matches them, so "ward recalls" has work to show. The recall
// limited to serial numbers lists units sampled from the inventory.
func demoRecalls(ctx context.Context, db *sqlstore.DB) error {
	var serials []string
	m, err := db.ResolveManufacturer(ctx, demo.SerialRecall.Manufacturer)
	if err != nil {
		return err
	}
	models, err := db.FindModels(ctx, ward.ModelFilter{ManufacturerID: m.ID, Name: demo.SerialRecall.Model, Limit: 1})
	if err != nil {
		return err
	}
	if len(models.Items) > 0 {
		page, err := db.FindDevices(ctx, ward.DeviceFilter{ModelIDs: []int64{models.Items[0].ID}, Limit: 6})
		if err != nil {
			return err
		}
		for _, d := range page.Items {
			if d.Serial != "" {
				serials = append(serials, d.Serial)
			}
		}
	}
	_, _, err = (&app.App{Store: db}).ImportRecalls(ctx, &recallList{rs: demo.Recalls(serials)}, false)
	return err
}

// recallList is a ward.RecallSource over recalls in memory.
type recallList struct {
	rs []*ward.Recall
	i  int
}

func (s *recallList) Name() string { return "demo recalls" }

func (s *recallList) Next() (*ward.Recall, error) {
	if s.i == len(s.rs) {
		return nil, io.EOF
	}
	s.i++
	return s.rs[s.i-1], nil
}
