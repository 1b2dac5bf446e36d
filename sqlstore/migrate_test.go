package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
)

func TestNewerSchemaRefused(t *testing.T) {
	path := t.TempDir() + "/ward.db"
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = sqlstore.Open(ctx, path)
	if ward.ErrorCode(err) != ward.EINVALID || !strings.Contains(ward.ErrorMessage(err), "newer than this ward") {
		t.Fatalf("got %v, want a refusal naming the newer schema", err)
	}
}
