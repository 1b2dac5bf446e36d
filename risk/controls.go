package risk

import "ward"

// flag is one effective control and where it was recorded.
type flag struct {
	on   bool
	from string // "device" or "model"
}

// controlSet is the effective controls of one device.
type controlSet struct {
	segmented, services, remote, internet flag
}

// mergeControls returns the effective controls: a value recorded for the
// device beats the model's; an unrecorded one is off.
func mergeControls(model, device *ward.RiskControls) controlSet {
	var c controlSet
	pick := func(f *flag, m, d *bool) {
		switch {
		case d != nil:
			*f = flag{*d, "device"}
		case m != nil:
			*f = flag{*m, "model"}
		}
	}
	var m, d ward.RiskControls
	if model != nil {
		m = *model
	}
	if device != nil {
		d = *device
	}
	pick(&c.segmented, m.Segmented, d.Segmented)
	pick(&c.services, m.ServicesDisabled, d.ServicesDisabled)
	pick(&c.remote, m.RemoteAccessRemoved, d.RemoteAccessRemoved)
	pick(&c.internet, m.InternetExposed, d.InternetExposed)
	return c
}
