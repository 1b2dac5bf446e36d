package web

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"ward"
)

// workOrdersView is the work order list's data.
type workOrdersView struct {
	Query      url.Values
	Page       *ward.Page[ward.WorkOrder]
	Facilities []ward.Facility
	Teams      []ward.Team
	Statuses   []string
	Types      []string
	Next       string
}

// handleWorkOrdersPage lists work orders with the API's filters.
func (s *Server) handleWorkOrdersPage(w http.ResponseWriter, r *http.Request) error {
	f, err := workOrderFilter(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		f.Limit, f.After = 0, ""
		return csvExport(w, "work-orders", ward.WorkOrderExportColumns, func(emit func(...string) error) error {
			return s.store.EachWorkOrder(r.Context(), f, func(wo *ward.WorkOrder) error { return emit(wo.ExportRow()...) })
		})
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v := workOrdersView{Query: r.URL.Query(), Statuses: ward.WorkOrderStatuses, Types: ward.WorkOrderTypes}
	if v.Page, err = s.store.FindWorkOrders(r.Context(), f); err != nil {
		return err
	}
	if err := s.workOrderChoices(r, &v.Facilities, &v.Teams); err != nil {
		return err
	}
	v.Next = nextPage(v.Query, v.Page.NextCursor)
	return s.render(w, r, http.StatusOK, "workorders", "Work orders", "workorders", v)
}

// workOrderChoices fills the facilities and teams a filter offers.
func (s *Server) workOrderChoices(r *http.Request, facilities *[]ward.Facility, teams *[]ward.Team) error {
	var err error
	if *facilities, err = s.visibleFacilities(r); err != nil {
		return err
	}
	*teams, err = s.teamChoices(r.Context())
	return err
}

// teamNamer is a store that lists teams without counting their devices.
type teamNamer interface {
	FindTeamNames(ctx context.Context) ([]ward.Team, error)
}

// teamChoices lists the teams for a filter or a form. FindTeams also
// counts each team's devices, a walk of the inventory a choice does not
// need, so a store that lists names alone is asked for them.
func (s *Server) teamChoices(ctx context.Context) ([]ward.Team, error) {
	if n, ok := s.store.(teamNamer); ok {
		return n.FindTeamNames(ctx)
	}
	return s.store.FindTeams(ctx)
}

// boardColumn is one status of the board: its first cards and whether
// more orders have that status.
type boardColumn struct {
	Status string
	Orders []boardCard
	More   bool
	Query  url.Values // the list's query for the whole column
}

// boardCard is one order on the board with the statuses it may move to.
type boardCard struct {
	ward.WorkOrder
	Next []string
}

// boardView is the board's data.
type boardView struct {
	Query      url.Values
	Columns    []boardColumn
	Facilities []ward.Facility
	Teams      []ward.Team
	Types      []string
}

// boardCards is the number of cards a column shows; the list has the rest.
const boardCards = 25

// handleWorkOrderBoard shows the work orders by status: each open column
// the orders due first, each closed one the latest.
func (s *Server) handleWorkOrderBoard(w http.ResponseWriter, r *http.Request) error {
	f, err := workOrderFilter(r)
	if err != nil {
		return err
	}
	v := boardView{Query: r.URL.Query(), Types: ward.WorkOrderTypes}
	for _, st := range ward.WorkOrderStatuses {
		cf := f
		cf.Statuses, cf.After, cf.Limit, cf.Sort = []string{st}, "", boardCards+1, ward.WorkOrderSortDue
		if ward.FinalStatus(st) {
			cf.Sort = ward.WorkOrderSortNewest
		}
		page, err := s.store.FindWorkOrders(r.Context(), cf)
		if err != nil {
			return err
		}
		col := boardColumn{Status: st, More: len(page.Items) > boardCards}
		for i, wo := range page.Items {
			if i == boardCards {
				break
			}
			col.Orders = append(col.Orders, boardCard{WorkOrder: wo, Next: forwardFirst(ward.NextStatuses(wo.Status))})
		}
		q := cloneQuery(v.Query)
		q.Set("status", st)
		q.Set("sort", cf.Sort)
		col.Query = q
		v.Columns = append(v.Columns, col)
	}
	if err := s.workOrderChoices(r, &v.Facilities, &v.Teams); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "board", "Work order board", "workorders", v)
}

// forwardOrder ranks statuses so a card's choice starts with the move
// that advances the work.
var forwardOrder = []string{ward.WorkOrderInProgress, ward.WorkOrderCompleted, ward.WorkOrderScheduled, ward.WorkOrderOnHold,
	ward.WorkOrderOpen, ward.WorkOrderCancelled}

func forwardFirst(next []string) []string {
	slices.SortFunc(next, func(a, b string) int { return slices.Index(forwardOrder, a) - slices.Index(forwardOrder, b) })
	return next
}

// workOrderView is one work order's page: the order, its history and the
// choices of its update form.
type workOrderView struct {
	WO      *ward.WorkOrder
	History []ward.WorkOrderChange
	Next    []string
	Teams   []ward.Team
}

func (s *Server) handleWorkOrderPage(w http.ResponseWriter, r *http.Request) error {
	wo, err := s.scopedWorkOrder(r)
	if err != nil {
		return err
	}
	v := workOrderView{WO: wo, Next: forwardFirst(ward.NextStatuses(wo.Status))}
	if v.History, err = s.store.FindWorkOrderHistory(r.Context(), wo.ID); err != nil {
		return err
	}
	if v.Teams, err = s.teamChoices(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "workorder", wo.Number, "workorders", v)
}

// handleWorkOrderForm applies the fields of the work order page's form
// that differ from the order, through the same use case as PATCH
// /api/v1/work-orders/{id} (so completing a patch order updates its
// device).
func (s *Server) handleWorkOrderForm(w http.ResponseWriter, r *http.Request) error {
	wo, err := s.scopedWorkOrder(r)
	if err != nil {
		return err
	}
	upd, err := workOrderFormUpdate(r, wo)
	if err != nil {
		return err
	}
	back := "/workorders/" + strconv.FormatInt(wo.ID, 10)
	if upd.IsZero() {
		return redirectBack(w, r, back, "Nothing changed")
	}
	out, err := s.app.UpdateWorkOrder(ward.WithActor(r.Context(), actorOf(r)), wo.ID, upd)
	if err != nil {
		return err
	}
	s.invalidateReports()
	return redirectBack(w, r, back, out.Number+" updated")
}

// workOrderFormUpdate reads the update form: each field that is given
// and differs from wo becomes part of the update.
func workOrderFormUpdate(r *http.Request, wo *ward.WorkOrder) (ward.WorkOrderUpdate, error) {
	var upd ward.WorkOrderUpdate
	if st := r.PostFormValue("status"); st != "" && st != wo.Status {
		upd.Status = &st
	}
	if _, ok := r.PostForm["assignee"]; ok {
		if a := strings.TrimSpace(r.PostFormValue("assignee")); a != wo.Assignee {
			upd.Assignee = &a
		}
	}
	if t := r.PostFormValue("team_id"); t != "" {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id < 0 {
			return upd, ward.Errorf(ward.EINVALID, "choose a team")
		}
		if cur := teamOnOrder(wo); id != cur {
			upd.TeamID = &id
		}
	}
	for _, h := range []struct {
		name string
		cur  float64
		dst  **float64
	}{{"labour_hours", wo.LabourHours, &upd.LabourHours}, {"downtime_hours", wo.DowntimeHours, &upd.DowntimeHours}} {
		v, ok, err := formFloat(r, h.name)
		if err != nil {
			return upd, err
		}
		if ok && math.Abs(v-h.cur) >= 0.005 {
			*h.dst = &v
		}
	}
	upd.Note = strings.TrimSpace(r.PostFormValue("note"))
	return upd, nil
}

// teamOnOrder is the team assigned on the order itself, 0 when its team
// comes from the matrix or the device's owner.
func teamOnOrder(wo *ward.WorkOrder) int64 {
	if wo.TeamSource == ward.TeamFromWorkOrder {
		return wo.TeamID
	}
	return 0
}

// handleWorkOrderStatusForm moves an order to another status: the
// board's card form, which works without script.
func (s *Server) handleWorkOrderStatusForm(w http.ResponseWriter, r *http.Request) error {
	wo, err := s.scopedWorkOrder(r)
	if err != nil {
		return err
	}
	st := r.PostFormValue("status")
	if st == "" {
		return ward.Errorf(ward.EINVALID, "choose a status")
	}
	out, err := s.app.UpdateWorkOrder(ward.WithActor(r.Context(), actorOf(r)), wo.ID, ward.WorkOrderUpdate{Status: &st})
	if err != nil {
		return err
	}
	s.invalidateReports()
	return redirectBack(w, r, "/workorders/board", out.Number+" is now "+strings.ReplaceAll(out.Status, "_", " "))
}
