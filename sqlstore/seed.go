package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"ward"
	"ward/catalog"
	"ward/names"
)

// seedRegistry brings the built-in manufacturer registry into the database.
// It runs at every start but does work only when the registry changed since
// the last run. It adds, never removes: aliases users added stay, and an
// alias a user gave to another manufacturer is not taken back.
func (db *DB) seedRegistry(ctx context.Context) error {
	blob, err := json.Marshal(catalog.Manufacturers)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(blob)
	hash := hex.EncodeToString(sum[:])
	ctx = ward.WithActor(ctx, "registry")
	return db.update(ctx, func(tx *Tx) error {
		var have string
		err := tx.queryRow(`SELECT value FROM settings WHERE key = 'registry_hash'`).Scan(&have)
		if err == nil && have == hash {
			return nil
		}
		if err != nil && !ward.IsNotFound(mapError(err)) {
			return err
		}
		for _, e := range catalog.Manufacturers {
			if err := tx.seedManufacturer(e); err != nil {
				return err
			}
		}
		_, err = tx.exec(`INSERT INTO settings (key, value) VALUES ('registry_hash', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, hash)
		return err
	})
}

func (tx *Tx) seedManufacturer(e catalog.Manufacturer) error {
	m, err := tx.resolveManufacturer(e.Name)
	switch {
	case ward.IsNotFound(err):
		id, err := tx.createManufacturer(e.Name, ward.ManufacturerKnown, "registry")
		if err != nil {
			return err
		}
		m = &ward.Manufacturer{ID: id, Name: e.Name, Status: ward.ManufacturerKnown}
	case err != nil:
		return err
	case m.Status != ward.ManufacturerKnown:
		// A name imported before the registry knew it: it becomes the
		// registry entry rather than a duplicate of it.
		if _, err := tx.exec(`UPDATE manufacturers SET status = 'known', name = ?, name_key = ? WHERE id = ?`,
			e.Name, names.Key(e.Name), m.ID); err != nil {
			return err
		}
		m.Status, m.Name = ward.ManufacturerKnown, e.Name
	}
	for _, a := range e.Aliases {
		if err := tx.addManufacturerAlias(m, a, "registry"); err != nil && ward.ErrorCode(err) != ward.ECONFLICT {
			return err
		}
	}
	return nil
}
