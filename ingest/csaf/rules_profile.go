package csaf

import "fmt"

// profiles runs the profile tests 6.1.27.1 to 6.1.27.11; each applies only
// to the document categories the specification names for it.
func (c *checker) profiles() {
	cat := c.d.Document.Category
	informational := cat == "csaf_informational_advisory"
	incident := cat == "csaf_security_incident_response"
	advisory := cat == "csaf_security_advisory"
	vex := cat == "csaf_vex"

	if informational || incident {
		c.documentNotes()
		c.documentReferences()
	}
	if informational && c.d.Vulnerabilities != nil {
		c.add("/vulnerabilities", "6.1.27.3", "an informational advisory must not have vulnerabilities")
	}
	if advisory || vex {
		if c.d.ProductTree == nil {
			c.add("/product_tree", "6.1.27.4", "a %s document must have a product tree", cat)
		}
		if c.d.Vulnerabilities == nil {
			c.add("/vulnerabilities", "6.1.27.11", "a %s document must have vulnerabilities", cat)
		}
		for i, v := range c.d.Vulnerabilities {
			if v.Notes == nil {
				c.add(fmt.Sprintf("/vulnerabilities/%d/notes", i), "6.1.27.5", "the vulnerability has no notes")
			}
		}
	}
	if advisory {
		for i, v := range c.d.Vulnerabilities {
			if v.ProductStatus == nil {
				c.add(fmt.Sprintf("/vulnerabilities/%d/product_status", i), "6.1.27.6", "the vulnerability has no product status")
			}
		}
	}
	if vex {
		c.vexStatements()
	}
}

// documentNotes runs 6.1.27.1.
func (c *checker) documentNotes() {
	for _, n := range c.d.Document.Notes {
		switch n.Category {
		case "description", "details", "general", "summary":
			return
		}
	}
	c.add("/document/notes", "6.1.27.1", "no note of category description, details, general or summary")
}

// documentReferences runs 6.1.27.2.
func (c *checker) documentReferences() {
	for _, r := range c.d.Document.References {
		if r.Category == "external" {
			return
		}
	}
	c.add("/document/references", "6.1.27.2", "no reference of category external")
}

// vexStatements runs the tests of the VEX profile: 6.1.27.7 to 6.1.27.10.
func (c *checker) vexStatements() {
	for i, v := range c.d.Vulnerabilities {
		p := fmt.Sprintf("/vulnerabilities/%d", i)
		ps := v.ProductStatus
		if ps == nil || (ps.Fixed == nil && ps.KnownAffected == nil && ps.KnownNotAffected == nil && ps.UnderInvestigation == nil) {
			c.add(p+"/product_status", "6.1.27.7", "none of fixed, known_affected, known_not_affected or under_investigation is given")
		}
		if v.CVE == "" && v.IDs == nil {
			c.add(p, "6.1.27.8", "the vulnerability has neither cve nor ids")
		}
		if ps == nil {
			continue
		}
		impact := map[string]bool{}
		for _, f := range v.Flags {
			for _, id := range expand(c.groups, f.ProductIDs, f.GroupIDs) {
				impact[id] = true
			}
		}
		for _, t := range v.Threats {
			if t.Category == "impact" {
				for _, id := range expand(c.groups, t.ProductIDs, t.GroupIDs) {
					impact[id] = true
				}
			}
		}
		for j, id := range ps.KnownNotAffected {
			if !impact[id] {
				c.add(fmt.Sprintf("%s/product_status/known_not_affected/%d", p, j), "6.1.27.9", "%s has no impact statement in flags or threats", id)
			}
		}
		action := map[string]bool{}
		for _, r := range v.Remediations {
			for _, id := range expand(c.groups, r.ProductIDs, r.GroupIDs) {
				action[id] = true
			}
		}
		for j, id := range ps.KnownAffected {
			if !action[id] {
				c.add(fmt.Sprintf("%s/product_status/known_affected/%d", p, j), "6.1.27.10", "%s has no action statement in remediations", id)
			}
		}
	}
}
