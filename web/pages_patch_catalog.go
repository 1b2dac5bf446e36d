package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"ward"
)

// patchCatalogView is the OEM patch catalog page's data.
type patchCatalogView struct {
	Query    url.Values
	Page     *ward.Page[ward.Patch]
	Entries  []catalogEntry
	Statuses []string
	Next     string
}

// catalogEntry is a catalog row; Link is set when its reference is a web
// address to link to.
type catalogEntry struct {
	ward.Patch
	Link bool
}

// patchCatalogFilter reads the catalog's filters as GET /api/v1/patches
// does.
func patchCatalogFilter(r *http.Request) (ward.PatchFilter, error) {
	q := r.URL.Query()
	f := ward.PatchFilter{Status: q.Get("status"), Fixes: strings.TrimSpace(q.Get("fixes")), After: q.Get("cursor")}
	var err error
	if f.ManufacturerID, err = queryInt(r, "manufacturer_id"); err != nil {
		return f, err
	}
	if f.ModelID, err = queryInt(r, "model_id"); err != nil {
		return f, err
	}
	limit, err := queryInt(r, "limit")
	f.Limit = int(min(limit, 1000))
	return f, err
}

// handlePatchCatalogPage lists the catalog, or one entry by patch_id.
func (s *Server) handlePatchCatalogPage(w http.ResponseWriter, r *http.Request) error {
	f, err := patchCatalogFilter(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return s.exportPatchCatalog(w, r, f)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v := patchCatalogView{Query: r.URL.Query(), Statuses: ward.PatchStatuses}
	id, err := queryInt(r, "patch_id")
	if err != nil {
		return err
	}
	if id != 0 {
		p, err := s.store.FindPatch(r.Context(), id)
		if err != nil {
			return err
		}
		v.Page = &ward.Page[ward.Patch]{Items: []ward.Patch{*p}}
	} else if v.Page, err = s.store.FindPatches(r.Context(), f); err != nil {
		return err
	}
	for _, p := range v.Page.Items {
		v.Entries = append(v.Entries, catalogEntry{Patch: p, Link: strings.HasPrefix(p.Reference, "https://") || strings.HasPrefix(p.Reference, "http://")})
	}
	v.Next = nextPage(v.Query, v.Page.NextCursor)
	return s.render(w, r, http.StatusOK, "patch_catalog", "OEM patch catalog", "patches", v)
}

// exportPatchCatalog writes the catalog entries of f as CSV, page by page.
func (s *Server) exportPatchCatalog(w http.ResponseWriter, r *http.Request, f ward.PatchFilter) error {
	header := []string{"id", "manufacturer", "model", "applies_to", "installs_version", "advisories", "cves", "status", "date",
		"reference", "reference_sha256", "install_minutes", "requires_downtime", "notes"}
	f.Limit, f.After = 1000, ""
	return csvExport(w, "patch-catalog", header, func(emit func(...string) error) error {
		for {
			page, err := s.store.FindPatches(r.Context(), f)
			if err != nil {
				return err
			}
			for _, p := range page.Items {
				if err := emit(id64(p.ID), p.Manufacturer, p.Model, p.AppliesTo, p.InstallsVersion, strings.Join(p.Advisories, " "),
					strings.Join(p.CVEs, " "), p.Status, p.Date.String(), p.Reference, p.ReferenceSHA256,
					strconv.Itoa(p.InstallMinutes), strconv.FormatBool(p.RequiresDowntime), p.Notes); err != nil {
					return err
				}
			}
			if page.NextCursor == "" {
				return nil
			}
			f.After = page.NextCursor
		}
	})
}
