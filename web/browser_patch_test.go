package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// mustDevsetPatch adds to the catalog BD's validated fix of the labelled
// device set's Alaris Infusion Central units at 1.3.2 (ICSMA-23-047-01),
// which puts DEV-165415 in the patch-ready queue.
func mustDevsetPatch(tb testing.TB, db *sqlstore.DB) *ward.Patch {
	tb.Helper()
	p := &ward.Patch{Manufacturer: "BD", Model: "Alaris Infusion Central", AppliesTo: "<= 1.3.2", InstallsVersion: "1.4.0",
		Advisories: []string{"ICSMA-23-047-01"}, Status: ward.PatchValidated, InstallMinutes: 45, RequiresDowntime: true,
		Reference: "https://www.bd.com/en-us/about-bd/cybersecurity/bulletin/alaris-infusion-central"}
	if err := db.CreatePatch(seedCtx, p); err != nil {
		tb.Fatalf("creating the patch: %v", err)
	}
	return p
}

// TestBrowserPatchWorkOrder creates a work order from the patch-ready
// queue in the browser: choose the model, tick a device, create, and find
// the order on the work order list; a viewer sees no create control.
func TestBrowserPatchWorkOrder(t *testing.T) {
	chromiumPath(t)
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustBrowserServer(t, db)
		mustDevsetPatch(t, db)
		b := newBrowser(t, srv)
		b.login("alice", "correct horse battery")

		b.do("open the queue", chromedp.Navigate(b.base+"/patches"), chromedp.WaitVisible("#patch-groups"))
		b.screenshot("patch-queue")
		if n := b.countTextPrefix("#patch-groups tbody td:nth-child(2)", "BD Alaris Infusion Central"); n == 0 {
			t.Fatal("the queue has no Alaris Infusion Central line")
		}
		b.do("list the line's devices", chromedp.Click(`#patch-groups tbody tr:first-child a[href*="#devices"]`))
		b.waitFor("model_id=")
		b.do("see the devices", chromedp.WaitVisible("#patch-devices"))
		b.screenshot("patch-devices")
		if got := b.text("#patch-devices tbody tr:first-child td:nth-child(2)"); got != "DEV-165415" {
			t.Fatalf("first ready device: %q, want DEV-165415", got)
		}
		b.do("tick the device", chromedp.Click(`#patch-devices tbody tr:first-child input[name="device"]`))
		// The form asks for confirmation with script; accept it.
		b.do("create the work order", chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
			chromedp.Click("#create-patch-orders"))
		b.waitFor("/workorders/")
		b.screenshot("patch-work-order")
		if got := b.text(".flash"); !strings.Contains(got, "1 patch work order created") {
			t.Fatalf("after creating: flash %q", got)
		}
		number := strings.Fields(b.text("h1"))[0]
		if !strings.HasPrefix(number, "WO-") {
			t.Fatalf("the work order page's title: %q", b.text("h1"))
		}

		b.do("open the work orders", chromedp.Navigate(b.base+"/workorders?type=patch"), chromedp.WaitVisible("#workorders"))
		b.screenshot("work-orders")
		if n := b.countTextPrefix("#workorders tbody td:first-child a", number); n != 1 {
			t.Fatalf("the list shows %s %d times, want once", number, n)
		}
		if got := b.text("#workorders tbody tr:first-child td:nth-child(6) a"); got != "DEV-165415" {
			t.Errorf("the order's device: %q, want DEV-165415", got)
		}
		b.do("open the board", chromedp.Navigate(b.base+"/workorders/board"), chromedp.WaitVisible("#board"))
		b.screenshot("board")
		if b.count(`#col-scheduled ~ article form select[name="status"]`) == 0 {
			t.Error("the board's scheduled card has no status form")
		}

		// A viewer sees the queue and the device list without controls.
		v := newBrowser(t, srv)
		v.shot = b.shot // number on, so the viewer's screenshots keep the admin's
		v.login("victor", "correct horse battery")
		v.do("open the queue as a viewer", chromedp.Navigate(v.base+"/patches"), chromedp.WaitVisible("#patch-groups"))
		v.do("list the devices as a viewer", chromedp.Click(`#patch-groups tbody tr:first-child a[href*="#devices"]`))
		v.waitFor("model_id=")
		v.do("see the devices as a viewer", chromedp.WaitVisible("#patch-devices"))
		v.screenshot("viewer-patch-queue")
		if n := v.count("#create-patch-orders") + v.count(`input[name="device"]`) + v.count(`input[name="group"]`); n != 0 {
			t.Errorf("a viewer sees %d patch work order controls", n)
		}
	})
}
