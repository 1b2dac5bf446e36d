package web

import (
	"math"
	"testing"

	"ward"
)

func TestMoneyAndNumText(t *testing.T) {
	for _, c := range []struct {
		m    ward.Money
		want string
	}{{0, "0"}, {5, "0.05"}, {1250000, "12,500"}, {123450, "1,234.50"}, {3343094050000, "33,430,940,500"}, {-123456, "-1,234.56"},
		{-50, "-0.50"}} {
		if got := moneyText(c.m); got != c.want {
			t.Errorf("moneyText(%d) = %q, want %q", c.m, got, c.want)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{0, "0"}, {1.25, "1.3"}, {594256, "594,256"}, {371785.47, "371,785.5"}, {-2.5, "-2.5"}, {0.04, "0"}, {math.NaN(), "—"}} {
		if got := numText(c.v); got != c.want {
			t.Errorf("numText(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
