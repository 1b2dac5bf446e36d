package web

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"ward"
)

// maxWorkOrderImport bounds an uploaded work order or history file: a
// decade of a large health system's CMMS history, not an unbounded body.
const maxWorkOrderImport = 256 << 20

var workOrderQueryParams = []string{"status", "type", "team_id", "unowned", "overdue", "facility_id", "device_id",
	"pm_schedule_id", "link_kind", "link_id", "link_ref", "sort", "cursor", "limit", "format"}

func (s *Server) workOrderRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/work-orders", Perm: PermRead, Summary: "List work orders (format=csv exports them as the import reads them)",
			Query: workOrderQueryParams, Out: ward.Page[ward.WorkOrder]{}, Handler: s.handleWorkOrderList},
		{Pattern: "POST /api/v1/work-orders", Perm: PermWork, Summary: "Create a work order", In: ward.WorkOrder{}, Out: ward.WorkOrder{}, Handler: s.handleWorkOrderCreate},
		{Pattern: "GET /api/v1/work-orders/{id}", Perm: PermRead, Summary: "One work order", Out: ward.WorkOrder{}, Handler: s.handleWorkOrderGet},
		{Pattern: "PATCH /api/v1/work-orders/{id}", Perm: PermWork, Summary: "Update a work order (completing a patch order updates and re-matches its device)",
			In: ward.WorkOrderUpdate{}, Out: ward.WorkOrder{}, Handler: s.handleWorkOrderUpdate},
		{Pattern: "GET /api/v1/work-orders/{id}/history", Perm: PermRead, Summary: "A work order's history, newest first",
			Out: items[ward.WorkOrderChange]{}, Handler: s.handleWorkOrderHistory},
		{Pattern: "GET /api/v1/work-order-numbers/{number}", Perm: PermRead, Summary: "One work order by number",
			Out: ward.WorkOrder{}, Handler: s.handleWorkOrderByNumber},
		{Pattern: "GET /api/v1/devices/{id}/work-orders", Perm: PermRead, Summary: "A device's work orders, newest first",
			Query: []string{"status", "type", "cursor", "limit"}, Out: ward.Page[ward.WorkOrder]{}, Handler: s.handleDeviceWorkOrders},
		{Pattern: "POST /api/v1/work-orders/import", Perm: PermWork, Summary: "Import work orders (kind=orders) or their history (kind=history) from a CMMS CSV; all or nothing unless skip_invalid",
			Query: []string{"kind", "name", "skip_invalid", "dry_run"}, Out: ward.ImportResult{}, Handler: s.handleWorkOrderImport},
		{Pattern: "GET /api/v1/work-orders/history", Perm: PermRead, Summary: "Export the history of the work orders a filter selects as CSV",
			Query: workOrderQueryParams, Handler: s.handleWorkOrderHistoryExport},
	}
}

// workOrderFilter reads the list filters, within the caller's facilities.
func workOrderFilter(r *http.Request) (ward.WorkOrderFilter, error) {
	q := r.URL.Query()
	f := ward.WorkOrderFilter{Sort: q.Get("sort"), After: q.Get("cursor"), LinkKind: q.Get("link_kind"), LinkRef: q.Get("link_ref")}
	for _, v := range q["status"] {
		for _, st := range strings.Split(v, ",") {
			if st == "open" {
				f.Statuses = append(f.Statuses, ward.OpenStatuses...)
			} else if st != "" && st != "all" {
				f.Statuses = append(f.Statuses, st)
			}
		}
	}
	for _, v := range q["type"] {
		f.Types = append(f.Types, strings.Split(v, ",")...)
	}
	var err error
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"team_id", &f.TeamID}, {"device_id", &f.DeviceID}, {"pm_schedule_id", &f.ScheduleID}, {"link_id", &f.LinkID}} {
		if *p.dst, err = queryInt(r, p.name); err != nil {
			return f, err
		}
	}
	if f.Unowned, err = queryBool(r, "unowned"); err != nil {
		return f, err
	}
	if f.Overdue, err = queryBool(r, "overdue"); err != nil {
		return f, err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return f, err
	}
	f.Limit = int(min(limit, 1000))
	if f.FacilityIDs, err = queryIDs(r, "facility_id"); err != nil {
		return f, err
	}
	f.FacilityIDs, err = scopeFacilities(r, f.FacilityIDs)
	return f, err
}

func (s *Server) handleWorkOrderList(w http.ResponseWriter, r *http.Request) error {
	f, err := workOrderFilter(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return csvExport(w, "work-orders", ward.WorkOrderExportColumns, func(emit func(...string) error) error {
			return s.store.EachWorkOrder(r.Context(), f, func(wo *ward.WorkOrder) error { return emit(wo.ExportRow()...) })
		})
	}
	page, err := s.store.FindWorkOrders(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleWorkOrderCreate(w http.ResponseWriter, r *http.Request) error {
	var wo ward.WorkOrder
	if err := decodeJSON(w, r, &wo); err != nil {
		return err
	}
	if wo.DeviceID != 0 {
		if _, err := s.scopedDevice(r, wo.DeviceID); err != nil {
			return err
		}
	} else if d, err := s.store.FindDeviceByTag(r.Context(), wo.AssetTag); err != nil {
		return err
	} else if !inScope(r, d.FacilityID) {
		return errOutOfScope("device")
	} else {
		wo.DeviceID = d.ID
	}
	// What the store computes or records is not the client's to set.
	wo.ID, wo.ScheduleID, wo.CreatedAt, wo.CreatedBy, wo.UpdatedAt, wo.UpdatedBy = 0, 0, time.Time{}, "", time.Time{}, ""
	wo.TeamSource, wo.Overdue = "", false
	out, err := s.store.CreateWorkOrders(ward.WithActor(r.Context(), actorOf(r)), []ward.WorkOrder{wo})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out[0])
	return nil
}

// scopedWorkOrder finds a work order the request may see.
func (s *Server) scopedWorkOrder(r *http.Request) (*ward.WorkOrder, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	wo, err := s.store.FindWorkOrder(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !inScope(r, wo.FacilityID) {
		return nil, errOutOfScope("work order")
	}
	return wo, nil
}

func (s *Server) handleWorkOrderGet(w http.ResponseWriter, r *http.Request) error {
	wo, err := s.scopedWorkOrder(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wo)
	return nil
}

func (s *Server) handleWorkOrderByNumber(w http.ResponseWriter, r *http.Request) error {
	wo, err := s.store.FindWorkOrderByNumber(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	if !inScope(r, wo.FacilityID) {
		return errOutOfScope("work order")
	}
	writeJSON(w, http.StatusOK, wo)
	return nil
}

func (s *Server) handleWorkOrderUpdate(w http.ResponseWriter, r *http.Request) error {
	wo, err := s.scopedWorkOrder(r)
	if err != nil {
		return err
	}
	var upd ward.WorkOrderUpdate
	if err := decodeJSON(w, r, &upd); err != nil {
		return err
	}
	upd.Record = nil
	if upd.IsZero() {
		return ward.Errorf(ward.EINVALID, "the update changes nothing")
	}
	out, err := s.app.UpdateWorkOrder(ward.WithActor(r.Context(), actorOf(r)), wo.ID, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleWorkOrderHistory(w http.ResponseWriter, r *http.Request) error {
	wo, err := s.scopedWorkOrder(r)
	if err != nil {
		return err
	}
	h, err := s.store.FindWorkOrderHistory(r.Context(), wo.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[ward.WorkOrderChange]{Items: h})
	return nil
}

func (s *Server) handleDeviceWorkOrders(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.scopedDevice(r, id); err != nil {
		return err
	}
	f, err := workOrderFilter(r)
	if err != nil {
		return err
	}
	f.DeviceID = id
	page, err := s.store.FindWorkOrders(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleWorkOrderHistoryExport(w http.ResponseWriter, r *http.Request) error {
	f, err := workOrderFilter(r)
	if err != nil {
		return err
	}
	return csvExport(w, "work-order-history", ward.WorkOrderHistoryColumns, func(emit func(...string) error) error {
		return s.store.EachWorkOrderChange(r.Context(), f, func(c *ward.WorkOrderChange) error { return emit(c.ExportRow()...) })
	})
}

func (s *Server) handleWorkOrderImport(w http.ResponseWriter, r *http.Request) error {
	// A CMMS file may name devices of any facility, and the import does
	// not check rows against a scope: only unscoped users may run it.
	if len(scopeOf(r)) > 0 {
		return ward.Errorf(ward.EFORBIDDEN, "your account is limited to some facilities; a work order import may name any")
	}
	q := r.URL.Query()
	var opts ward.ImportOptions
	var err error
	if opts.SkipInvalid, err = queryBool(r, "skip_invalid"); err != nil {
		return err
	}
	if opts.DryRun, err = queryBool(r, "dry_run"); err != nil {
		return err
	}
	name := strings.TrimSpace(q.Get("name"))
	if name == "" {
		name = "upload"
	}
	body := http.MaxBytesReader(w, r.Body, maxWorkOrderImport)
	ctx := ward.WithActor(r.Context(), actorOf(r))
	var res *ward.ImportResult
	switch q.Get("kind") {
	case "", "orders":
		if s.opts.WorkOrderReader == nil {
			return ward.Errorf(ward.EINVALID, "this server was started without a work order reader")
		}
		src, err := s.opts.WorkOrderReader(body, name)
		if err != nil {
			return err
		}
		defer closeSource(src)
		res, err = s.store.ImportWorkOrders(ctx, src, opts)
		if err := importOutcome(w, res, err); err != errHandled {
			return err
		}
	case "history":
		if s.opts.WorkOrderHistoryReader == nil {
			return ward.Errorf(ward.EINVALID, "this server was started without a work order history reader")
		}
		src, err := s.opts.WorkOrderHistoryReader(body, name)
		if err != nil {
			return err
		}
		defer closeSource(src)
		res, err = s.store.ImportWorkOrderHistory(ctx, src, opts)
		if err := importOutcome(w, res, err); err != errHandled {
			return err
		}
	default:
		return ward.Errorf(ward.EINVALID, "kind must be orders or history")
	}
	return nil
}

// errHandled says importOutcome wrote the response.
var errHandled = errors.New("handled")

// importOutcome answers an import: the refused rows of an all-or-nothing
// import (400), the error, or the result.
func importOutcome(w http.ResponseWriter, res *ward.ImportResult, err error) error {
	var ie *ward.ImportError
	switch {
	case errors.As(err, &ie):
		writeJSON(w, http.StatusBadRequest, importRefusal(ie))
	case err != nil:
		return err
	default:
		writeJSON(w, http.StatusOK, res)
	}
	return errHandled
}

// closeSource stops a reader's parsing goroutine when it has one.
func closeSource(src any) {
	if c, ok := src.(io.Closer); ok {
		c.Close()
	}
}
