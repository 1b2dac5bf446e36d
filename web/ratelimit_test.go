package web

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	l := newLimiter(3, time.Minute)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := l.allow("10.0.0.1", t0.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("attempt %d refused, want allowed", i+1)
		}
	}
	ok, wait := l.allow("10.0.0.1", t0.Add(10*time.Second))
	if ok || wait != 50*time.Second {
		t.Errorf("4th attempt: got %v wait %v, want refused for 50s", ok, wait)
	}
	if ok, _ := l.allow("10.0.0.2", t0.Add(10*time.Second)); !ok {
		t.Error("another address is refused")
	}
	if ok, _ := l.allow("10.0.0.1", t0.Add(61*time.Second)); !ok {
		t.Error("attempt after the window is refused")
	}
	l.allow("gone", t0)
	l.sweep(t0.Add(5 * time.Minute))
	if _, ok := l.hits["gone"]; ok {
		t.Error("sweep kept an idle key")
	}
}
