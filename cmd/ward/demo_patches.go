package main

import (
	"context"
	"fmt"

	"ward"
	"ward/demo"
	"ward/sqlstore"
)

// demoPatches imports the demo's OEM patch catalog (labelled demo data)
// through the catalog import, as a file would be.
func demoPatches(ctx context.Context, db *sqlstore.DB, specs []demo.ModelSpec, seed uint64) error {
	b := &ward.PatchBatch{Name: "demo patch catalog", Columns: map[string]string{}}
	for i, p := range demo.PatchCatalog(specs, seed) {
		b.Records = append(b.Records, ward.PatchRecord{Line: i + 1, Patch: p})
	}
	if _, err := db.ImportPatches(ctx, b, false); err != nil {
		return fmt.Errorf("demo patch catalog: %w", err)
	}
	return nil
}
