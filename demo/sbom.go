package demo

import (
	"hash/fnv"
	"strings"

	"ward"
)

// component is a software package embedded medical devices commonly carry,
// with its NVD CPE vendor and product and the releases the demo draws
// from, oldest first.
type component struct {
	name, vendor, product, part string
	versions                    []string
	weight                      int // share of synthetic CVEs
}

// components are real packages with real release numbers; which ones a
// demo model carries, and at which release, is generated.
var components = []component{
	{"Linux kernel", "linux", "linux_kernel", "o", []string{"3.10.108", "4.4.302", "4.9.337", "4.14.336", "4.19.306", "5.4.268", "5.10.209", "5.15.148", "6.1.76"}, 30},
	{"BusyBox", "busybox", "busybox", "a", []string{"1.24.2", "1.27.2", "1.30.1", "1.31.1", "1.33.2", "1.35.0", "1.36.1"}, 4},
	{"OpenSSL", "openssl", "openssl", "a", []string{"1.0.1u", "1.0.2u", "1.1.0l", "1.1.1k", "1.1.1w", "3.0.8", "3.0.13"}, 10},
	{"zlib", "zlib", "zlib", "a", []string{"1.2.8", "1.2.11", "1.2.12", "1.2.13", "1.3.1"}, 2},
	{"GNU C Library", "gnu", "glibc", "a", []string{"2.17", "2.24", "2.28", "2.31", "2.35"}, 4},
	{"OpenSSH", "openbsd", "openssh", "a", []string{"6.6", "7.4", "7.9", "8.2", "8.9", "9.3"}, 3},
	{"curl", "haxx", "curl", "a", []string{"7.29.0", "7.61.1", "7.68.0", "7.81.0", "8.4.0"}, 5},
	{"libxml2", "xmlsoft", "libxml2", "a", []string{"2.9.1", "2.9.4", "2.9.10", "2.9.14", "2.11.5"}, 3},
	{"Expat", "libexpat_project", "libexpat", "a", []string{"2.1.0", "2.2.5", "2.2.9", "2.4.7", "2.5.0"}, 2},
	{"SQLite", "sqlite", "sqlite", "a", []string{"3.7.17", "3.22.0", "3.31.1", "3.37.2", "3.42.0"}, 2},
	{"libpng", "libpng", "libpng", "a", []string{"1.2.50", "1.6.34", "1.6.37", "1.6.40"}, 1},
	{"Dropbear SSH", "dropbear_ssh_project", "dropbear_ssh", "a", []string{"2016.74", "2018.76", "2019.78", "2020.81", "2022.83"}, 1},
	{"lighttpd", "lighttpd", "lighttpd", "a", []string{"1.4.45", "1.4.55", "1.4.64", "1.4.71"}, 1},
	{"Apache Tomcat", "apache", "tomcat", "a", []string{"7.0.94", "8.5.51", "9.0.31", "9.0.85"}, 4},
	{"Apache Log4j", "apache", "log4j", "a", []string{"1.2.17", "2.11.1", "2.14.1", "2.17.1"}, 1},
	{"jQuery", "jquery", "jquery", "a", []string{"1.7.2", "1.12.4", "2.2.4", "3.4.1", "3.6.0"}, 1},
	{".NET Framework", "microsoft", ".net_framework", "a", []string{"3.5", "4.6.2", "4.7.2", "4.8"}, 3},
	{"Windows 7", "microsoft", "windows_7", "o", []string{"-"}, 6},
	{"Windows 10", "microsoft", "windows_10", "o", []string{"1607", "1809", "21h2", "22h2"}, 10},
	{"SQL Server", "microsoft", "sql_server", "a", []string{"2012", "2014", "2016", "2019"}, 2},
	{"Java SE", "oracle", "jdk", "a", []string{"1.7.0", "1.8.0", "11.0.2", "17.0.1"}, 3},
	{"VxWorks", "windriver", "vxworks", "o", []string{"6.5", "6.9", "7.0"}, 2},
	{"FreeRTOS", "amazon", "freertos", "o", []string{"8.2.3", "10.0.1", "10.4.3"}, 1},
	{"lwIP", "lwip_project", "lwip", "a", []string{"1.4.1", "2.0.3", "2.1.2"}, 1},
	{"Mbed TLS", "arm", "mbed_tls", "a", []string{"2.7.10", "2.16.6", "2.28.1", "3.4.0"}, 2},
	{"DCMTK", "offis", "dcmtk", "a", []string{"3.6.0", "3.6.2", "3.6.5", "3.6.7"}, 1},
	{"Python", "python", "python", "a", []string{"2.7.18", "3.6.8", "3.8.10", "3.11.4"}, 2},
	{"Qt", "qt", "qt", "a", []string{"4.8.7", "5.9.5", "5.12.8", "5.15.2"}, 1},
	{"dnsmasq", "thekelleys", "dnsmasq", "a", []string{"2.75", "2.80", "2.85", "2.89"}, 1},
	{"U-Boot", "denx", "u-boot", "a", []string{"2016.01", "2018.03", "2020.04", "2022.01"}, 1},
}

// stacks are the software stacks by operating system family: indexes into
// components.
var stacks = map[string][]int{
	"windows": {17, 18, 16, 19, 2, 15, 20, 13, 14, 9, 6, 8, 10, 26, 27},
	"linux":   {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 28, 29, 26, 25},
	"rtos":    {21, 22, 23, 24, 3, 10, 8, 7, 9, 2, 6, 29},
}

func stackOf(os string) string {
	o := strings.ToLower(os)
	switch {
	case strings.Contains(o, "windows"):
		return "windows"
	case strings.Contains(o, "vxworks"), strings.Contains(o, "rtos"), strings.Contains(o, "qnx"), o == "":
		return "rtos"
	default:
		return "linux"
	}
}

// SBOMFor returns the generated SBOM of a model at a software version:
// the model's software stack, each package at a release that is newer the
// newer the firmware. rank is the position of the version among the
// model's versions (0 for the oldest), of n.
func SBOMFor(m *ModelSpec, version string, rank, n int) *ward.SBOM {
	stack := stacks[stackOf(m.OS)]
	h := fnv.New64a()
	h.Write([]byte(m.Manufacturer + "\x00" + m.Name))
	seed := h.Sum64()
	count := 12 + int(seed%uint64(len(stack)-11))
	s := &ward.SBOM{Format: ward.SBOMCycloneDX, SpecVersion: "1.6", Name: m.Name + " " + version}
	for i := 0; i < count && i < len(stack); i++ {
		c := components[stack[(int(seed>>8)+i)%len(stack)]]
		// Newer firmware carries newer packages; models differ in offset.
		pos := (rank*len(c.versions))/max(1, n) + int(seed>>uint(16+i)%2)
		v := c.versions[min(pos, len(c.versions)-1)]
		s.Components = append(s.Components, ward.Component{
			Name: c.name, Version: v, Type: componentType(c.part),
			CPE: "cpe:2.3:" + c.part + ":" + c.vendor + ":" + c.product + ":" + v + ":*:*:*:*:*:*:*",
		})
	}
	return s
}

func componentType(part string) string {
	if part == "o" {
		return "operating-system"
	}
	return "library"
}

// VersionRank returns the position of version among the model's versions,
// oldest first, and their number.
func (m *ModelSpec) VersionRank(version string) (int, int) {
	for i, v := range m.Versions {
		if v.V == version {
			return i, len(m.Versions)
		}
	}
	return 0, max(1, len(m.Versions))
}
