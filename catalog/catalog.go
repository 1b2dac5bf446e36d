// Package catalog holds Ward's built-in reference knowledge: the registry of
// medical-device manufacturers with the aliases and legacy brands under which
// CMMS exports and advisories name them. It is pure data; the store seeds it
// into every database so imports resolve manufacturers from the first run.
package catalog

// Manufacturer is one registry entry: the canonical name Ward shows, and every
// other spelling, legal name, former name and acquired brand that should
// resolve to it. Aliases are compared after names.Key normalisation, so case,
// punctuation and legal suffixes (Inc, GmbH, …) need not be listed.
type Manufacturer struct {
	Name    string
	Aliases []string
	// Note records why a legacy brand belongs here (who acquired whom, when),
	// so a reviewer can check the mapping.
	Note string
}
