package web

import (
	"net/http"
	"strings"
	"time"

	"ward"
)

func (s *Server) authRoutes() []route {
	return []route{
		{Pattern: "GET /login", Perm: PermPublic, Summary: "Sign-in page", Handler: s.handleLoginPage},
		// The sign-in form has its own token: a browser already signed in
		// may sign in again, e.g. as someone else.
		{Pattern: "POST /login", Perm: PermPublic, Summary: "Sign in with a username and password", OwnCSRF: true, Handler: s.handleLogin},
		{Pattern: "POST /logout", Perm: PermPublic, Summary: "Sign out", Handler: s.handleLogout},
		{Pattern: "GET /account/password", Perm: PermRead, Summary: "Change-password page", Handler: s.handlePasswordPage},
		{Pattern: "POST /account/password", Perm: PermRead, Summary: "Change one's password", Handler: s.handlePasswordChange},
		{Pattern: "GET /auth/oidc/login", Perm: PermPublic, Summary: "Start single sign-on", Handler: s.handleOIDCLogin},
		{Pattern: "GET /auth/oidc/callback", Perm: PermPublic, Summary: "Finish single sign-on", Handler: s.handleOIDCCallback},

		{Pattern: "GET /api/v1/me", Perm: PermRead, Summary: "The signed-in user and role", Out: ward.User{}, Handler: s.handleMe},
		{Pattern: "GET /api/v1/users", Perm: PermAdmin, Summary: "List users", Out: items[ward.User]{}, Handler: s.handleUserList},
		{Pattern: "POST /api/v1/users", Perm: PermAdmin, Summary: "Create a user (an empty password is generated and returned once)", In: userRequest{}, Out: userCreated{}, Handler: s.handleUserCreate},
		{Pattern: "PATCH /api/v1/users/{id}", Perm: PermAdmin, Summary: "Change a user's role, facilities or state", In: ward.UserUpdate{}, Out: ward.User{}, Handler: s.handleUserUpdate},
		{Pattern: "GET /api/v1/tokens", Perm: PermAdmin, Summary: "List API tokens", Query: []string{"user_id"}, Out: items[ward.Token]{}, Handler: s.handleTokenList},
		{Pattern: "POST /api/v1/tokens", Perm: PermAdmin, Summary: "Create an API token (the secret is returned once)", In: tokenRequest{}, Out: tokenCreated{}, Handler: s.handleTokenCreate},
		{Pattern: "DELETE /api/v1/tokens/{id}", Perm: PermAdmin, Summary: "Revoke an API token", Handler: s.handleTokenRevoke},
		{Pattern: "GET /api/v1/audit", Perm: PermAudit, Summary: "Read the audit trail, oldest first", Query: []string{"actor", "action", "entity", "since", "cursor", "limit"}, Out: ward.Page[ward.AuditEntry]{}, Handler: s.handleAuditList},
		{Pattern: "GET /api/v1/audit/verify", Perm: PermAudit, Summary: "Verify the audit trail's hash chain", Out: ward.AuditVerification{}, Handler: s.handleAuditVerify},
		{Pattern: "GET /api/v1/access-review", Perm: PermAudit, Summary: "Users, roles, last logins and tokens, for an access review", Out: items[ward.User]{}, Handler: s.handleUserList},
		{Pattern: "POST /api/v1/access-review/attest", Perm: PermAdmin, Summary: "Attest the access review of these users", In: attestRequest{}, Handler: s.handleAttest},
	}
}

// userRequest is the body of POST /api/v1/users.
type userRequest struct {
	Username    string  `json:"username"`
	Name        string  `json:"name"`
	Email       string  `json:"email"`
	Role        string  `json:"role"`
	FacilityIDs []int64 `json:"facility_ids"`
	Password    string  `json:"password"`
}

// userCreated answers a user creation; Password is set only when Ward
// generated it, and is shown this once.
type userCreated struct {
	User     *ward.User `json:"user"`
	Password string     `json:"password,omitempty"`
}

// tokenRequest is the body of POST /api/v1/tokens.
type tokenRequest struct {
	Username string `json:"username"`
	Role     string `json:"role"`
	Name     string `json:"name"`
	// Expires is a duration such as "30d" or "12h"; default 90 days.
	Expires string `json:"expires"`
}

// tokenCreated answers a token creation: the secret is shown this once.
type tokenCreated struct {
	Token  string      `json:"token"`
	Record *ward.Token `json:"record"`
}

// attestRequest is the body of POST /api/v1/access-review/attest.
type attestRequest struct {
	UserIDs []int64 `json:"user_ids"`
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) error {
	p := principalFrom(r.Context())
	u := *p.User
	u.Role = p.Role
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) handleUserList(w http.ResponseWriter, r *http.Request) error {
	us, err := s.store.FindUsers(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[ward.User]{Items: nonNil(us)})
	return nil
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	var body userRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	u := &ward.User{Username: body.Username, Name: body.Name, Email: body.Email, Role: body.Role, FacilityIDs: body.FacilityIDs}
	generated, err := s.app.CreateUser(r.Context(), u, body.Password)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, userCreated{User: u, Password: generated})
	return nil
}

func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var upd ward.UserUpdate
	if err := decodeJSON(w, r, &upd); err != nil {
		return err
	}
	if p := principalFrom(r.Context()); p.User.ID == id && (upd.Role != nil && *upd.Role != ward.RoleAdmin || upd.Disabled != nil && *upd.Disabled) {
		return ward.Errorf(ward.EINVALID, "you cannot demote or disable yourself; ask another admin")
	}
	u, err := s.store.UpdateUser(r.Context(), id, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) handleTokenList(w http.ResponseWriter, r *http.Request) error {
	uid, err := queryInt(r, "user_id")
	if err != nil {
		return err
	}
	ts, err := s.store.FindTokens(r.Context(), uid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[ward.Token]{Items: nonNil(ts)})
	return nil
}

func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	var body tokenRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	ttl := 90 * 24 * time.Hour
	if body.Expires != "" {
		d, err := ward.ParseTTL(body.Expires)
		if err != nil {
			return err
		}
		ttl = d
	}
	secret, t, err := s.app.CreateToken(r.Context(), body.Username, body.Role, body.Name, ttl)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, tokenCreated{Token: secret, Record: t})
	return nil
}

func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleAuditList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := ward.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Entity: q.Get("entity")}
	var err error
	if f.After, err = queryInt(r, "cursor"); err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	f.Limit = int(min(limit, 1000))
	if v := strings.TrimSpace(q.Get("since")); v != "" {
		d, err := ward.ParseDate(v)
		if err != nil {
			return ward.Errorf(ward.EINVALID, "since: %v", ward.ErrorMessage(err))
		}
		f.Since = d.Time()
	}
	page, err := s.store.FindAudit(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleAuditVerify(w http.ResponseWriter, r *http.Request) error {
	v, err := s.store.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) handleAttest(w http.ResponseWriter, r *http.Request) error {
	var body attestRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if len(body.UserIDs) == 0 {
		return ward.Errorf(ward.EINVALID, "user_ids: name the users whose access you reviewed")
	}
	if err := s.store.ReviewAccess(r.Context(), body.UserIDs); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
