package web

import (
	"net/http"

	"ward"
)

// deviceExtras are the device page's remediation sections: work orders,
// recalls, patches and the lifecycle recommendation.
type deviceExtras struct{}

func (s *Server) deviceExtras(r *http.Request, d *ward.Device) (deviceExtras, error) {
	return deviceExtras{}, nil
}
