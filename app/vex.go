package app

import (
	"context"
	"encoding/json"
	"strconv"

	"ward"
	"ward/vexport"
)

// VEX document formats.
const (
	VEXFormatCSAF      = "csaf"
	VEXFormatCycloneDX = "cyclonedx"
)

// ExportVEX writes Ward's position on one model at one version as a VEX
// document in format (csaf or cyclonedx) and records the export in the
// audit trail. EINVALID for an unknown format, a bad filter or bad
// options, ENOTFOUND for an unknown product (or, in CSAF, a product with
// no findings).
func (a *App) ExportVEX(ctx context.Context, f ward.VEXFilter, format string, opts vexport.Options) ([]byte, error) {
	write := map[string]func(*ward.VEXReport, vexport.Options) ([]byte, error){
		VEXFormatCSAF: vexport.CSAF, VEXFormatCycloneDX: vexport.CycloneDX,
	}[format]
	if write == nil {
		return nil, ward.Errorf(ward.EINVALID, "VEX format %q is not csaf or cyclonedx", format)
	}
	if opts.Engine == "" {
		opts.Engine = ward.Version
	}
	rep, err := a.Store.FindVEX(ctx, f)
	if err != nil {
		return nil, err
	}
	doc, err := write(rep, opts)
	if err != nil {
		return nil, err
	}
	after, err := json.Marshal(map[string]any{"version": rep.Product.Version, "format": format, "statements": len(rep.Statements)})
	if err != nil {
		return nil, err
	}
	err = a.Store.AppendAudit(ctx, &ward.AuditEntry{Action: "vex.export", Entity: "model",
		EntityID: strconv.FormatInt(rep.Product.ModelID, 10), After: after})
	if err != nil {
		return nil, err
	}
	return doc, nil
}
