// Package demo builds Ward's demo health system, deterministically from a
// seed: facilities and departments, teams and their responsibility matrix,
// a catalog of a few hundred real device models (including the products
// named in CISA's medical advisories, with firmware versions inside and
// outside the affected ranges), and any number of devices spread over them
// in the proportions a hospital has. It is pure: it returns values, and the
// caller stores them through the same paths a real import uses.
package demo

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"

	"ward"
)

//go:embed data/models.json
var modelsJSON []byte

// FDAClassification holds the rows of FDA's product classification file
// (foiclass.txt, same format) for the product codes the demo catalog uses,
// so a demo database has real device classes and life-sustaining flags
// without the full file.
//
//go:embed data/foiclass-demo.txt
var FDAClassification []byte

// ModelSpec is one catalog entry of the demo: a real product with the
// facts a clinical engineer records about it.
type ModelSpec struct {
	Manufacturer      string    `json:"manufacturer"`
	Name              string    `json:"name"`
	Aliases           []string  `json:"aliases"`
	ModelNumbers      []string  `json:"model_numbers"`
	DeviceType        string    `json:"device_type"`
	ProductCode       string    `json:"product_code"`
	PatientConnected  bool      `json:"patient_connected"`
	LifeSustaining    *bool     `json:"life_sustaining"`
	ExpectedLifeYears int       `json:"expected_life_years"`
	EndOfSale         ward.Date `json:"end_of_sale"`
	EndOfSupport      ward.Date `json:"end_of_support"`
	Parts             string    `json:"parts"`
	PriceUSD          int       `json:"price_usd"`
	OS                string    `json:"os"`
	Network           string    `json:"network"`
	StoresPHI         bool      `json:"stores_phi"`
	Versions          []Release `json:"versions"`
	Advisories        []string  `json:"advisories"`
}

// Release is a software version found in the field, with its share.
type Release struct {
	V string `json:"v"`
	W int    `json:"w"`
}

// Model returns the catalog entry as a ward.Model for the store.
func (s *ModelSpec) Model() *ward.Model {
	return &ward.Model{
		Manufacturer: s.Manufacturer, Name: s.Name, Aliases: slices.Clone(s.Aliases),
		ModelNumbers: slices.Clone(s.ModelNumbers), DeviceType: s.DeviceType, ProductCode: s.ProductCode,
		LifeSustaining: s.LifeSustaining, PatientConnected: s.PatientConnected,
		ExpectedLifeYears: s.ExpectedLifeYears, EndOfSale: s.EndOfSale, EndOfSupport: s.EndOfSupport, Parts: s.Parts,
		// A new unit is priced at the catalog's list price.
		ReplacementCost: ward.Money(s.PriceUSD) * 100,
	}
}

// Catalog returns the demo's model catalog.
func Catalog() ([]ModelSpec, error) {
	var specs []ModelSpec
	if err := json.Unmarshal(modelsJSON, &specs); err != nil {
		return nil, fmt.Errorf("demo catalog: %w", err)
	}
	for i := range specs {
		if len(specs[i].Versions) == 0 {
			specs[i].Versions = synthVersions(&specs[i])
		}
	}
	for i, s := range specs {
		if s.Manufacturer == "" || s.Name == "" || s.DeviceType == "" {
			return nil, fmt.Errorf("demo catalog entry %d lacks manufacturer, name or type", i)
		}
		for _, v := range s.Versions {
			if v.W <= 0 {
				return nil, fmt.Errorf("demo catalog: %s %s: version %q has weight %d", s.Manufacturer, s.Name, v.V, v.W)
			}
		}
	}
	return specs, nil
}

// synthVersions gives a model the catalog has no field versions for a
// plausible, stable release history, so every demo device has software to
// match. Models named in advisories always carry real versions.
func synthVersions(s *ModelSpec) []Release {
	h := fnv.New32a()
	h.Write([]byte(s.Manufacturer + "\x00" + s.Name))
	x := h.Sum32()
	major := 1 + int(x%6)
	out := make([]Release, 0, 4)
	for i := 0; i < 4; i++ {
		v := fmt.Sprintf("%d.%d.%d", major+i/2, (i%2)*2+int(x>>(4+i))%3, int(x>>(8+i))%9)
		out = append(out, Release{v, 10 + i*10})
	}
	return out
}
