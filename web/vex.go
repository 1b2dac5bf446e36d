package web

import (
	"net/http"

	"ward"
	"ward/app"
	"ward/vexport"
)

func (s *Server) vexRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/vex", Perm: PermPlan, Summary: "Export a VEX document (CSAF 2.0 or CycloneDX 1.6) for a model at a version",
			Query: []string{"model_id", "manufacturer", "model", "version", "format", "publisher", "namespace", "tlp"}, Handler: s.handleVEX},
	}
}

// vexContentTypes are the media types of the VEX formats.
var vexContentTypes = map[string]string{
	app.VEXFormatCSAF:      "application/json",
	app.VEXFormatCycloneDX: "application/vnd.cyclonedx+json; version=1.6",
}

func (s *Server) handleVEX(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := ward.VEXFilter{Manufacturer: q.Get("manufacturer"), Model: q.Get("model"), Version: q.Get("version")}
	var err error
	if f.ModelID, err = queryInt(r, "model_id"); err != nil {
		return err
	}
	format := q.Get("format")
	if format == "" {
		format = app.VEXFormatCSAF
	}
	doc, err := s.app.ExportVEX(ward.WithActor(r.Context(), actorOf(r)), f, format,
		vexport.Options{Publisher: q.Get("publisher"), Namespace: q.Get("namespace"), TLP: q.Get("tlp")})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", vexContentTypes[format])
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(doc)
	return err
}
