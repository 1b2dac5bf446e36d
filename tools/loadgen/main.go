// Command loadgen measures Ward's HTTP latency and throughput: C clients
// request URLs for a duration and it prints requests per second, errors and
// latency percentiles. A URL may hold {id}, replaced by a random integer in
// [1, -ids], so device pages are read across the whole inventory.
//
//	go run ./tools/loadgen -token $TOKEN -c 50 -d 20s -ids 1000000 'http://127.0.0.1:8080/api/v1/devices/{id}'
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	token := flag.String("token", os.Getenv("WARD_TOKEN"), "API token (env WARD_TOKEN)")
	cookie := flag.String("cookie", "", "session cookie value instead of a token (for pages)")
	clients := flag.Int("c", 50, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration")
	ids := flag.Int("ids", 1000, "upper bound of {id}")
	flag.Parse()
	urls := flag.Args()
	if len(urls) == 0 {
		fmt.Fprintln(os.Stderr, "usage: loadgen [-token T] [-c 50] [-d 10s] [-ids N] URL…")
		os.Exit(2)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	errs := map[string]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for c := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 7))
			var mine []time.Duration
			mineErr := map[string]int{}
			for i := 0; ctx.Err() == nil; i++ {
				u := strings.ReplaceAll(urls[(c+i)%len(urls)], "{id}", strconv.Itoa(1+r.IntN(*ids)))
				d, err := get(client, u, *token, *cookie)
				if ctx.Err() != nil {
					break
				}
				if err != nil {
					mineErr[err.Error()]++
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			lat = append(lat, mine...)
			for k, v := range mineErr {
				errs[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	nerr := 0
	for _, v := range errs {
		nerr += v
	}
	fmt.Printf("%d requests in %.1fs with %d clients: %.0f req/s, %d errors\n", len(lat)+nerr, elapsed.Seconds(), *clients,
		float64(len(lat))/elapsed.Seconds(), nerr)
	fmt.Printf("latency p50 %s  p90 %s  p95 %s  p99 %s  max %s\n", pct(.50), pct(.90), pct(.95), pct(.99), pct(1))
	for k, v := range errs {
		fmt.Printf("error ×%d: %s\n", v, k)
	}
	if nerr > 0 {
		os.Exit(1)
	}
}

// get requests u and reads the whole answer; a status other than 200 is
// an error.
func get(c *http.Client, u, token, cookie string) (time.Duration, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if cookie != "" {
		req.Header.Set("Cookie", "ward_session="+cookie)
	}
	t := time.Now()
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(t)
	if err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d", res.StatusCode)
	}
	return d, nil
}
