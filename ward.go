// Package ward is the domain of Ward, the medical-device security and asset
// platform for hospital clinical engineering and IT security teams.
//
// It holds the domain types (facilities, manufacturers, models, devices,
// teams, …), their filters and updates, and the small service interfaces the
// adapters implement. It imports only the standard library: storage lives in
// sqlstore, file formats in ingest/*, HTTP in web, and the wiring in cmd/ward.
package ward

import (
	"context"
	"time"
)

// Version is the Ward release, set at build time with
// -ldflags "-X ward.Version=v1.2.3".
var Version = "dev"

// Actor identifies who or what made a change, for device history and audit:
// a user name, "import:devices.csv", "api", "demo".
type Actor string

type actorKey struct{}

// WithActor returns a context that attributes changes to actor.
func WithActor(ctx context.Context, actor Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor recorded in ctx, or "system" when there is none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a != "" {
		return a
	}
	return "system"
}

// Page is one page of a keyset-paginated list. NextCursor is empty on the
// last page; pass it back as the filter's After to get the next page.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// Progress receives counts from long-running work (imports, demo builds) so
// the CLI can draw a progress line. Implementations must be cheap.
type Progress interface {
	Report(done, total int64)
}

// NoProgress discards progress reports.
type NoProgress struct{}

// Report implements Progress.
func (NoProgress) Report(done, total int64) {}

// now is the clock used by pure helpers that need "today" (plausibility
// checks); stores carry their own clock per transaction.
var now = time.Now
