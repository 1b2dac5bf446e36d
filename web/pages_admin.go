package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"ward"
)

// adminView is the admin page's data: accounts, tokens and the
// manufacturer names still to map.
type adminView struct {
	Users      []ward.User
	Tokens     []ward.Token
	Unresolved []ward.Manufacturer
	Roles      []string
	Facilities []ward.Facility
	// Secret is a password or token just created, shown this once.
	Secret, SecretWhat string
}

func (s *Server) handleAdminPage(w http.ResponseWriter, r *http.Request) error {
	return s.adminPage(w, r, "", "")
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, secret, what string) error {
	ctx := r.Context()
	v := adminView{Roles: ward.Roles, Secret: secret, SecretWhat: what}
	var err error
	if v.Users, err = s.store.FindUsers(ctx); err != nil {
		return err
	}
	if v.Tokens, err = s.store.FindTokens(ctx, 0); err != nil {
		return err
	}
	if v.Unresolved, err = s.store.FindManufacturers(ctx, true); err != nil {
		return err
	}
	if v.Facilities, err = s.store.FindFacilities(ctx); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin", "Administration", "admin", v)
}

func (s *Server) handleAdminUserCreate(w http.ResponseWriter, r *http.Request) error {
	u := &ward.User{Username: strings.TrimSpace(r.PostFormValue("username")), Name: r.PostFormValue("name"),
		Email: r.PostFormValue("email"), Role: r.PostFormValue("role")}
	for _, f := range r.PostForm["facility_id"] {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return ward.Errorf(ward.EINVALID, "facility %q", f)
		}
		u.FacilityIDs = append(u.FacilityIDs, id)
	}
	password, err := s.app.CreateUser(r.Context(), u, "")
	if err != nil {
		return err
	}
	return s.adminPage(w, r, password, "One-time password for "+u.Username+" (they choose a new one at first sign-in)")
}

func (s *Server) handleAdminUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var upd ward.UserUpdate
	if role := r.PostFormValue("role"); role != "" {
		upd.Role = &role
	}
	switch r.PostFormValue("action") {
	case "disable":
		t := true
		upd.Disabled = &t
	case "enable":
		f := false
		upd.Disabled = &f
	}
	if p := principalFrom(r.Context()); p.User.ID == id && (upd.Role != nil && *upd.Role != ward.RoleAdmin || upd.Disabled != nil && *upd.Disabled) {
		return ward.Errorf(ward.EINVALID, "you cannot demote or disable yourself; ask another admin")
	}
	if _, err := s.store.UpdateUser(r.Context(), id, upd); err != nil {
		return err
	}
	return redirectFlash(w, r, "/admin", "User updated")
}

func (s *Server) handleAdminTokenCreate(w http.ResponseWriter, r *http.Request) error {
	ttl, err := ward.ParseTTL(or(r.PostFormValue("expires"), "30d"))
	if err != nil {
		return err
	}
	secret, t, err := s.app.CreateToken(r.Context(), r.PostFormValue("username"), r.PostFormValue("role"), r.PostFormValue("name"), ttl)
	if err != nil {
		return err
	}
	return s.adminPage(w, r, secret, "API token "+strconv.FormatInt(t.ID, 10)+" for "+t.Username+", role "+t.Role+
		": send it as “Authorization: Bearer TOKEN”")
}

func (s *Server) handleAdminTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	return redirectFlash(w, r, "/admin", "Token revoked")
}

func (s *Server) handleAdminAlias(w http.ResponseWriter, r *http.Request) error {
	name := r.PostFormValue("alias")
	var err error
	if target := strings.TrimSpace(r.PostFormValue("manufacturer")); target != "" {
		_, err = s.app.AddManufacturerAlias(r.Context(), target, name)
	} else {
		_, err = s.store.ConfirmManufacturer(r.Context(), name)
	}
	if err != nil {
		return err
	}
	return redirectFlash(w, r, "/admin", "Manufacturer name mapped; devices re-matched")
}

// redirectFlash sends the browser back to a page with a message.
func redirectFlash(w http.ResponseWriter, r *http.Request, to, msg string) error {
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	http.Redirect(w, r, to+sep+"flash="+url.QueryEscape(msg), http.StatusSeeOther)
	return nil
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}
