package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"ward"
)

// modelsView is the model catalog page's data.
type modelsView struct {
	Query url.Values
	Page  *ward.Page[ward.Model]
	Parts []string
	Next  string
}

func (s *Server) handleModelsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := ward.ModelFilter{Q: q.Get("q"), DeviceType: q.Get("type"), After: q.Get("cursor"), Limit: 50}
	if q.Get("format") == "csv" {
		return s.exportModels(w, r, f)
	}
	page, err := s.store.FindModels(r.Context(), f)
	if err != nil {
		return err
	}
	v := modelsView{Query: q, Page: page, Parts: []string{ward.PartsAvailable, ward.PartsLimited, ward.PartsUnavailable}}
	if page.NextCursor != "" {
		next := cloneQuery(q)
		next.Set("cursor", page.NextCursor)
		v.Next = next.Encode()
	}
	return s.render(w, r, http.StatusOK, "models", "Model catalog", "admin", v)
}

func (s *Server) exportModels(w http.ResponseWriter, r *http.Request, f ward.ModelFilter) error {
	header := []string{"manufacturer", "model", "aliases", "model_numbers", "device_type", "product_code", "device_class",
		"expected_life_years", "end_of_sale", "end_of_support", "parts", "devices"}
	return csvExport(w, "models", header, func(emit func(...string) error) error {
		f.Limit = 1000
		for {
			page, err := s.store.FindModels(r.Context(), f)
			if err != nil {
				return err
			}
			for _, m := range page.Items {
				if err := emit(m.Manufacturer, m.Name, strings.Join(m.Aliases, "; "), strings.Join(m.ModelNumbers, "; "),
					m.DeviceType, m.ProductCode, m.DeviceClass, strconv.Itoa(m.ExpectedLifeYears), m.EndOfSale.String(),
					m.EndOfSupport.String(), m.Parts, strconv.FormatInt(m.Devices, 10)); err != nil {
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

// handleModelForm saves the lifecycle fields of a model edited on the
// catalog page.
func (s *Server) handleModelForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var upd ward.ModelUpdate
	if v := strings.TrimSpace(r.PostFormValue("expected_life_years")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 60 {
			return ward.Errorf(ward.EINVALID, "expected life: %q is not a number of years", v)
		}
		upd.ExpectedLifeYears = &n
	}
	for name, dst := range map[string]**ward.Date{"end_of_sale": &upd.EndOfSale, "end_of_support": &upd.EndOfSupport} {
		if v := strings.TrimSpace(r.PostFormValue(name)); v != "" {
			d, err := ward.ParseDate(v)
			if err != nil {
				return ward.Errorf(ward.EINVALID, "%s: %v", strings.ReplaceAll(name, "_", " "), ward.ErrorMessage(err))
			}
			*dst = &d
		}
	}
	if v := r.PostFormValue("parts"); v != "" {
		upd.Parts = &v
	}
	if v := strings.TrimSpace(r.PostFormValue("alias")); v != "" {
		upd.AddAliases = []string{v}
	}
	if _, err := s.app.UpdateModel(r.Context(), id, upd); err != nil {
		return err
	}
	back := r.PostFormValue("next")
	if back == "" {
		back = "/admin/models"
	}
	return redirectFlash(w, r, safeNext(back), "Model updated")
}
