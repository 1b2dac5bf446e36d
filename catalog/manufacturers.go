package catalog

// Manufacturers is the seed registry of medical-device manufacturers, sorted
// by Name (case-insensitively), one entry per company. Each entry lists the
// legal names, CMMS spellings and abbreviations under which the company
// appears, and the legacy brands and acquired companies whose devices it owns
// today, with a Note naming the acquisitions. Spellings that differ only in
// case, punctuation, diacritics or a trailing legal form (Inc, GmbH, Oy, …)
// resolve through names.Key and are not listed, except where an advisory or
// the registry's own tests quote that exact spelling.
var Manufacturers = []Manufacturer{
	{
		Name: "Abbott",
		Aliases: []string{
			"Abbott Laboratories", "Abbott Labs", "Abbot",
			"Abbott Diabetes Care", "Abbott Point of Care", "i-STAT",
			"St. Jude Medical", "St Jude", "Saint Jude Medical",
			"Pacesetter", "Thoratec", "Alere",
		},
		Note: "St. Jude Medical (with its Pacesetter CRM unit and Thoratec, which it bought in 2015) and Alere were acquired by Abbott in 2017; i-STAT in 2004.",
	},
	{
		Name: "Accuray",
	},
	{
		Name:    "Agfa HealthCare",
		Aliases: []string{"Agfa", "Agfa-Gevaert"},
	},
	{
		Name: "AliveCor",
	},
	{
		Name:    "Ambu",
		Aliases: []string{"Ambu A/S"},
	},
	{
		Name:    "Arjo",
		Aliases: []string{"ArjoHuntleigh", "Huntleigh", "Huntleigh Healthcare"},
		Note:    "ArjoHuntleigh, Getinge's patient-handling arm (including Huntleigh, bought in 2007), was spun off as Arjo in 2017.",
	},
	{
		Name:    "Avanos",
		Aliases: []string{"Avanos Medical", "Halyard Health", "Halyard"},
		Note:    "Halyard Health, spun off from Kimberly-Clark in 2014, renamed itself Avanos in 2018 after selling its gown and glove business (with the Halyard product brand) to Owens & Minor.",
	},
	{
		Name: "B. Braun",
		Aliases: []string{
			"B. Braun Medical", "B Braun Medical Inc", "Braun Medical",
			"B. Braun Melsungen AG",
			"B. Braun Avitum", "Aesculap",
		},
		Note: "Aesculap and B. Braun Avitum are B. Braun Melsungen subsidiaries.",
	},
	{
		Name: "Baxter",
		Aliases: []string{
			"Baxter International", "Baxter Healthcare",
			"Hillrom", "Hill-Rom", "Hill-Rom Holdings",
			"Hillrom and ELI, Baxter International Inc.",
			"Welch Allyn", "Welch Allen",
			"Mortara Instrument", "Mortara",
			"Voalte", "Bardy Diagnostics", "BardyDx",
			"Trumpf Medical", "Allen Medical Systems", "Baxa",
		},
		Note: "Welch Allyn (2015) and Mortara Instrument (2017) were acquired by Hillrom, which Baxter acquired in 2021; Hillrom had also bought Allen Medical (2010), Trumpf Medical (2014), Voalte (2019) and Bardy Diagnostics (2021). Baxa was acquired in 2011. Gambro dialysis went to Vantive in 2025.",
	},
	{
		Name: "BD",
		Aliases: []string{
			"Becton, Dickinson and Company (BD)", "Becton, Dickinson and Company",
			"Becton Dickinson", "Beckton Dickinson", "BD Medical",
			"CareFusion", "CareFusion 303",
			"Alaris Medical Systems", "Alaris", "Pyxis", "Rowa",
			"C. R. Bard", "Bard", "Bard Access Systems",
			"Parata Systems", "Edwards Critical Care",
		},
		Note: "Cardinal Health bought Alaris (2004) and owned Pyxis, then spun both off as CareFusion (2009), which BD acquired in 2015 with Rowa; C. R. Bard was acquired in 2017, Parata in 2022 and Edwards Lifesciences' Critical Care monitoring in 2024.",
	},
	{
		Name: "BeaconMedaes",
	},
	{
		Name:    "Beckman Coulter",
		Aliases: []string{"Beckman", "Coulter", "Beckman Instruments"},
		Note:    "Beckman Instruments acquired Coulter in 1997 and became Beckman Coulter (a Danaher company since 2011).",
	},
	{
		Name:    "Bio-Rad",
		Aliases: []string{"Bio-Rad Laboratories"},
	},
	{
		Name:    "bioMérieux",
		Aliases: []string{"BioFire", "BioFire Diagnostics"},
		Note:    "BioFire Diagnostics was acquired by bioMérieux in 2014.",
	},
	{
		Name:    "BIOTRONIK",
		Aliases: []string{"BIOTRONIK SE & Co. KG"},
	},
	{
		Name:    "BMC Medical",
		Aliases: []string{"3B Medical", "BMC Medical, 3B Medical"},
		Note:    "3B Medical is BMC Medical's US distributor (Luna, RESmart).",
	},
	{
		Name:    "Boston Scientific",
		Aliases: []string{"Boston Sci", "Guidant", "Cameron Health"},
		Note:    "Boston Scientific acquired Guidant in 2006 (its cardiac rhythm devices; Guidant's vascular line went to Abbott) and Cameron Health (S-ICD) in 2012.",
	},
	{
		Name:    "BPL Medical Technologies",
		Aliases: []string{"BPL Medical"},
	},
	{
		Name: "Brainlab",
	},
	{
		Name: "Canon Medical Systems",
		Aliases: []string{
			"Canon Medical", "Toshiba Medical Systems", "Toshiba Medical",
			"Toshiba America Medical Systems", "Vital Images",
		},
		Note: "Canon acquired Toshiba Medical Systems (with Vital Images, bought by Toshiba in 2011) in 2016 and renamed it in 2018.",
	},
	{
		Name:    "Cardinal Health",
		Aliases: []string{"Kendall"},
		Note:    "Cardinal Health bought Medtronic's patient care business, including Kendall SCD compression and Genius thermometers, in 2017; Alaris and Pyxis left in the 2009 CareFusion spin-off and are BD.",
	},
	{
		Name:    "Carestream",
		Aliases: []string{"Carestream Health"},
		Note:    "Carestream Health was Kodak's Health Group, sold to Onex in 2007.",
	},
	{
		Name: "Cepheid",
	},
	{
		Name: "Change Healthcare",
		Note: "Change Healthcare was acquired by UnitedHealth Group's Optum in 2022.",
	},
	{
		Name:    "Conmed",
		Aliases: []string{"Linvatec", "ConMed Linvatec"},
		Note:    "Linvatec was acquired by Conmed in 1997.",
	},
	{
		Name:    "Contec Health",
		Aliases: []string{"Contec Medical Systems", "Contec Medical"},
	},
	{
		Name:    "Cook Medical",
		Aliases: []string{"Cook Incorporated", "Cook Group"},
	},
	{
		Name:    "Dario Health",
		Aliases: []string{"LabStyle Innovations"},
		Note:    "LabStyle Innovations renamed itself DarioHealth in 2016.",
	},
	{
		Name: "Dexcom",
	},
	{
		Name: "Dräger",
		Aliases: []string{
			"Draeger", "Drägerwerk", "Draegerwerk",
			"Drägerwerk AG & Co. KGaA", "Draegerwerk AG & Co. KGaA",
			"Dräger Medical", "Draeger Medical", "Draeger Medical Systems",
			"North American Drager", "North American Draeger",
		},
		Note: "North American Dräger was Dräger's US anesthesia arm; Siemens' patient monitoring joined Dräger Medical in 2003.",
	},
	{
		Name:    "Edan Instruments",
		Aliases: []string{"Edan"},
	},
	{
		Name: "Edwards Lifesciences",
		Note: "Edwards sold its Critical Care (hemodynamic monitoring) business to BD in 2024.",
	},
	{
		Name:    "Elekta",
		Aliases: []string{"IMPAC Medical Systems", "Nucletron"},
		Note:    "Elekta acquired IMPAC (MOSAIQ) in 2005 and Nucletron in 2011.",
	},
	{
		Name: "ENEA",
	},
	{
		Name:    "Erbe",
		Aliases: []string{"Erbe Elektromedizin"},
	},
	{
		Name: "Esaote",
	},
	{
		Name: "Fisher & Paykel Healthcare",
		Aliases: []string{
			"Fisher & Paykel", "Fisher Paykel Healthcare", "F&P Healthcare",
		},
	},
	{
		Name: "Fluke Biomedical",
	},
	{
		Name:    "Fresenius Kabi",
		Aliases: []string{"Fenwal", "Ivenix"},
		Note:    "Fresenius Kabi acquired Fenwal (Baxter's former transfusion business) in 2012 and Ivenix in 2022.",
	},
	{
		Name:    "Fresenius Medical Care",
		Aliases: []string{"Fresenius Medical Care North America", "NxStage", "NxStage Medical"},
		Note:    "NxStage Medical was acquired by Fresenius Medical Care in 2019.",
	},
	{
		Name: "Fujifilm",
		Aliases: []string{
			"Fujifilm Healthcare", "Fujifilm Medical Systems", "Fuji Photo Film",
			"Fujinon", "Sonosite", "Fujifilm Sonosite",
			"Hitachi Healthcare", "Hitachi Medical", "Hitachi Medical Systems",
			"Hitachi Aloka", "Aloka",
		},
		Note: "Fujifilm acquired SonoSite in 2012 and Hitachi's diagnostic imaging business (Hitachi Medical, with Aloka) in 2021.",
	},
	{
		Name: "GE HealthCare",
		Aliases: []string{
			"GE Healthcare", "GEHC", "GE", "General Electric", "General Electric (GE)",
			"GE Medical Systems", "GE Medical",
			"Datex-Ohmeda", "Datex", "Ohmeda", "Instrumentarium",
			"Marquette", "Marquette Electronics", "Marquette Medical Systems",
			"Corometrics", "OEC", "OEC Medical Systems", "Lunar", "Kretztechnik",
			"BK Medical", "Caption Health", "MIM Software",
		},
		Note: "GE HealthCare was spun off from General Electric in 2023; GE had acquired Marquette (1998), OEC (1999), Lunar (2000), Kretztechnik (2001) and Instrumentarium with Datex-Ohmeda (2003), then BK Medical (2021), Caption Health (2023) and MIM Software (2024).",
	},
	{
		Name:    "Gentherm",
		Aliases: []string{"Gentherm Medical", "Cincinnati Sub-Zero"},
		Note:    "Cincinnati Sub-Zero (Blanketrol) was acquired by Gentherm in 2016.",
	},
	{
		Name:    "Getinge",
		Aliases: []string{"Getinge Group", "Maquet", "Datascope"},
		Note:    "Getinge acquired Maquet in 2000 and Datascope in 2009; Datascope's patient monitors had been sold to Mindray in 2008.",
	},
	{
		Name:    "Globus Medical",
		Aliases: []string{"NuVasive"},
		Note:    "NuVasive merged into Globus Medical in 2023.",
	},
	{
		Name: "Green Hills Software",
	},
	{
		Name: "Haemonetics",
	},
	{
		Name: "Hamilton Medical",
	},
	{
		Name:    "Hologic",
		Aliases: []string{"Lorad", "Cytyc", "Gen-Probe"},
		Note:    "Hologic acquired Lorad (2000), Cytyc (2007) and Gen-Probe (2012).",
	},
	{
		Name: "i-SENS",
	},
	{
		Name: "ICU Medical",
		Aliases: []string{
			"Smiths Medical", "Smiths Medical ASD", "Smiths Medical International",
			"Medfusion", "Deltec", "Graseby Medical", "Portex", "Level 1", "Medex",
			"Hospira", "Hospira Infusion Systems",
		},
		Note: "ICU Medical acquired Hospira Infusion Systems from Pfizer in 2017 (Hospira drugs stay with Pfizer) and Smiths Medical (Medfusion, Deltec/CADD, Graseby, Portex, Level 1, Medex) in 2022.",
	},
	{
		Name: "Illumina",
	},
	{
		Name:    "Innokas",
		Aliases: []string{"Innokas Yhtymä Oy", "Innokas YhtymÃ¤ Oy", "Innokas Medical"},
	},
	{
		Name: "Insulet",
	},
	{
		Name:    "Integra LifeSciences",
		Aliases: []string{"Integra", "Codman", "Codman Neuro", "Acclarent"},
		Note:    "Integra acquired Codman Neurosurgery from Johnson & Johnson in 2017 and Acclarent from J&J in 2024.",
	},
	{
		Name:    "Intuitive Surgical",
		Aliases: []string{"Intuitive"},
	},
	{
		Name: "Invacare",
	},
	{
		Name: "IP Infusion",
	},
	{
		Name: "Itron",
	},
	{
		Name: "Johnson & Johnson",
		Aliases: []string{
			"J&J", "Johnson & Johnson MedTech",
			"Ethicon", "Ethicon Endo-Surgery", "Biosense Webster",
			"DePuy Synthes", "DePuy", "Synthes",
			"Abiomed", "Auris Health", "Verb Surgical", "Shockwave Medical",
		},
		Note: "Synthes merged into DePuy in 2012; J&J acquired Auris Health (2019), Abiomed (2022) and Shockwave Medical (2024).",
	},
	{
		Name:    "Karl Storz",
		Aliases: []string{"KARL STORZ SE & Co. KG", "Karl Storz Endoscopy", "Karl Storz Endoscopy-America"},
	},
	{
		Name:    "Konica Minolta",
		Aliases: []string{"Konica Minolta Healthcare", "Konica Minolta Medical Imaging"},
	},
	{
		Name:    "Laerdal",
		Aliases: []string{"Laerdal Medical"},
	},
	{
		Name: "LifePoint Informatics",
	},
	{
		Name:    "LINET",
		Aliases: []string{"LINET spol. s r.o."},
	},
	{
		Name:    "LivaNova",
		Aliases: []string{"Sorin Group", "Sorin", "Stöckert", "Cyberonics"},
		Note:    "LivaNova was formed in 2015 by the merger of Sorin Group (with Stöckert heart-lung machines) and Cyberonics.",
	},
	{
		Name: "Masimo",
	},
	{
		Name: "Medixant",
	},
	{
		Name:    "Medline",
		Aliases: []string{"Medline Industries"},
	},
	{
		Name: "Medtronic",
		Aliases: []string{
			"Medtronics", "MiniMed", "Medtronic MiniMed",
			"Covidien", "Tyco Healthcare", "Nellcor", "Nellcor Puritan Bennett",
			"Puritan Bennett", "Valleylab", "Aspect Medical Systems", "Somanetics",
			"Oridion", "Given Imaging", "Kyphon", "Mazor Robotics",
		},
		Note: "Medtronic acquired MiniMed (2001), Kyphon (2007), Covidien (2015; formerly Tyco Healthcare, with Nellcor, Puritan Bennett, Valleylab, Aspect, Somanetics, Oridion and Given Imaging) and Mazor Robotics (2018); Covidien's Kendall patient-care line went to Cardinal Health in 2017.",
	},
	{
		Name: "MicroDicom",
	},
	{
		Name: "Midmark",
	},
	{
		Name: "Mindray",
		Aliases: []string{
			"Mindray Medical", "Mindray Bio-Medical", "Shenzhen Mindray Bio-Medical Electronics",
			"Mindray North America", "Mindray DS USA", "Zonare",
		},
		Note: "Mindray bought Datascope's patient monitoring business in 2008 (Mindray DS USA) and Zonare in 2013.",
	},
	{
		Name:    "Moog",
		Aliases: []string{"Moog Medical"},
	},
	{
		Name: "Natus Medical",
		Aliases: []string{
			"Natus Medical, Inc. (Natus)", "Natus",
			"Xltek", "Excel-Tech", "Bio-logic", "Bio-logic Systems",
			"Nicolet", "Nicolet Biomedical",
		},
		Note: "Natus acquired Bio-logic (2006), Excel-Tech/Xltek (2007) and CareFusion's Nicolet neurodiagnostics (2012); Nicolet spectrometers are Thermo Fisher's.",
	},
	{
		Name:    "Nihon Kohden",
		Aliases: []string{"Nihon Koden", "Nihon Kohden America"},
	},
	{
		Name:    "Nonin",
		Aliases: []string{"Nonin Medical"},
	},
	{
		Name: "Nova Biomedical",
	},
	{
		Name:    "OFFIS",
		Aliases: []string{"OFFIS e.V."},
	},
	{
		Name:    "Olympus",
		Aliases: []string{"Olympus Medical Systems", "Olympus America", "Gyrus ACMI"},
		Note:    "Olympus acquired Gyrus (Gyrus ACMI) in 2008.",
	},
	{
		Name:    "Omnicell",
		Aliases: []string{"Aesynt", "McKesson Automation", "MTS Medication Technologies"},
		Note:    "Omnicell acquired MTS Medication Technologies (2012) and Aesynt, formerly McKesson Automation (2016).",
	},
	{
		Name: "OpenClinic GA",
	},
	{
		Name:    "Orthanc",
		Aliases: []string{"Osimis"},
		Note:    "Osimis was the company that developed and supported the Orthanc DICOM server.",
	},
	{
		Name: "Ossur",
	},
	{
		Name: "Philips",
		Aliases: []string{
			"Phillips", "Philips Medical", "Philips Medical Systems", "Phillips Medical Systems",
			"Philips Healthcare", "Philips Electronics",
			"Koninklijke Philips", "Koninklijke Philips Electronics", "Royal Philips",
			"Philips Respironics", "Respironics",
			"Capsule Technologies", "Capsule Tech", "Qualcomm Life",
			"Hewlett-Packard Medical", "HP Medical", "Agilent Healthcare Solutions",
			"Heartstream", "ATL Ultrasound", "Advanced Technology Laboratories",
			"ADAC Laboratories", "Marconi Medical Systems", "Picker International", "Picker",
			"Invivo", "VISICU", "Volcano", "Spectranetics", "TomTec Imaging Systems",
			"BioTelemetry",
		},
		Note: "Philips acquired ATL (1998), ADAC (2000), Agilent's (formerly HP's) medical group with Heartstream and Marconi Medical (Picker) (2001), Invivo (2006), Respironics and VISICU (2008), Volcano (2015), Spectranetics and TomTec (2017), and BioTelemetry and Capsule Technologies (2021; Qualcomm Life had bought Capsule in 2015 and took its name when sold in 2019).",
	},
	{
		Name: "Qardio",
	},
	{
		Name:    "QuidelOrtho",
		Aliases: []string{"Ortho Clinical Diagnostics", "Ortho Clinical", "Quidel"},
		Note:    "Quidel and Ortho Clinical Diagnostics combined as QuidelOrtho in 2022.",
	},
	{
		Name:    "Radiometer",
		Aliases: []string{"Radiometer Medical", "Radiometer Medical ApS", "Radiometer America"},
	},
	{
		Name:    "Rauland",
		Aliases: []string{"Rauland-Borg"},
	},
	{
		Name: "ResMed",
	},
	{
		Name: "Richard Wolf",
	},
	{
		Name: "Roche",
		Aliases: []string{
			"Roche Diagnostics", "Roche Diabetes Care", "Roche Molecular Systems",
			"F. Hoffmann-La Roche", "Hoffmann-La Roche",
			"Boehringer Mannheim", "Ventana Medical Systems",
		},
		Note: "Roche acquired Boehringer Mannheim (diagnostics, Accu-Chek) in 1998 and Ventana in 2008.",
	},
	{
		Name:    "Samsung Medison",
		Aliases: []string{"Medison", "Samsung Healthcare", "NeuroLogica"},
		Note:    "Samsung acquired Medison in 2011 and NeuroLogica in 2013.",
	},
	{
		Name: "Santesoft",
	},
	{
		Name:    "Schiller",
		Aliases: []string{"Schiller America", "Schiller Medical"},
	},
	{
		Name:    "Shimadzu",
		Aliases: []string{"Shimadzu Medical Systems"},
	},
	{
		Name: "Siemens Healthineers",
		Aliases: []string{
			"Siemens", "Siemans", "Siemens Healthcare", "Siemens Medical",
			"Siemens Medical Solutions", "Siemens Medical Solutions USA",
			"Acuson", "Dade Behring", "Bayer Diagnostics", "Diagnostic Products Corporation",
			"Corindus",
		},
		Note: "Siemens Healthineers, separately listed since 2018, holds Acuson (2000), Diagnostic Products Corporation (2006), Bayer Diagnostics and Dade Behring (2007) and Corindus (2019); Varian (2021) keeps its own entry.",
	},
	{
		Name:    "Silex Technology",
		Aliases: []string{"Silex Technology America"},
	},
	{
		Name:    "Smith & Nephew",
		Aliases: []string{"Smith Nephew", "ArthroCare"},
		Note:    "ArthroCare was acquired by Smith & Nephew in 2014.",
	},
	{
		Name: "Softneta",
	},
	{
		Name: "Solventum",
		Aliases: []string{
			"3M Health Care", "3M Medical",
			"KCI", "Kinetic Concepts", "Acelity",
		},
		Note: "3M acquired Acelity (KCI) in 2019 and spun its health care business off as Solventum in 2024.",
	},
	{
		Name:    "SOOIL",
		Aliases: []string{"SOOIL Developments Co, Ltd."},
	},
	{
		Name:    "Spacelabs Healthcare",
		Aliases: []string{"Spacelabs", "Spacelabs Medical"},
	},
	{
		Name:    "Stago",
		Aliases: []string{"Diagnostica Stago"},
	},
	{
		Name:    "Steris",
		Aliases: []string{"Amsco", "American Sterilizer", "Cantel Medical", "Medivators", "Synergy Health"},
		Note:    "Steris acquired Amsco (1996), Synergy Health (2015) and Cantel Medical with Medivators (2021).",
	},
	{
		Name: "Stryker",
		Aliases: []string{
			"Stryker Medical", "Physio-Control", "Jolife", "Vocera", "Vocera Communications",
			"Mako Surgical", "Berchtold", "Sage Products", "Novadaq", "Wright Medical",
			"Inari Medical",
		},
		Note: "Stryker acquired Mako (2013), Berchtold (2014), Physio-Control (2016; it had bought Jolife, maker of LUCAS, in 2015), Sage Products (2016), Novadaq (2017), Wright Medical (2020), Vocera (2022) and Inari Medical (2025).",
	},
	{
		Name:    "Swisslog Healthcare",
		Aliases: []string{"Swisslog", "Translogic", "Swisslog Translogic"},
		Note:    "Translogic pneumatic tube systems are a Swisslog Healthcare brand.",
	},
	{
		Name:    "Sysmex",
		Aliases: []string{"Sysmex America"},
	},
	{
		Name:    "Tandem Diabetes Care",
		Aliases: []string{"Tandem Diabetes"},
	},
	{
		Name: "Teleflex",
		Aliases: []string{
			"Teleflex Medical", "Arrow", "Arrow International",
			"Hudson RCI", "LMA", "Vidacare", "NeoTract",
		},
		Note: "Teleflex acquired Hudson RCI (2004), Arrow International (2007), LMA (2012), Vidacare (2013) and NeoTract (2017).",
	},
	{
		Name: "Terumo",
		Aliases: []string{
			"Terumo Medical", "Terumo BCT", "Terumo Cardiovascular",
			"CaridianBCT", "Gambro BCT", "Sarns",
		},
		Note: "Terumo acquired 3M's Sarns cardiovascular business (1999) and CaridianBCT, formerly Gambro BCT (2011).",
	},
	{
		Name: "Thermo Fisher Scientific",
		Aliases: []string{
			"Thermo Fisher", "Thermo Scientific", "Thermo Electron", "Fisher Scientific",
			"Life Technologies", "Applied Biosystems",
		},
		Note: "Thermo Electron and Fisher Scientific merged in 2006; Life Technologies (Applied Biosystems) was acquired in 2014.",
	},
	{
		Name:    "Vantive",
		Aliases: []string{"Gambro", "Baxter Kidney Care"},
		Note:    "Baxter acquired Gambro in 2013 and sold its kidney care business, as Vantive, to Carlyle in 2025.",
	},
	{
		Name: "Vapotherm",
	},
	{
		Name:    "Varian",
		Aliases: []string{"Varian Medical Systems", "Varian Medical"},
		Note:    "Siemens Healthineers acquired Varian in 2021; it is still sold as Varian.",
	},
	{
		Name: "Verathon",
	},
	{
		Name:    "Vyaire Medical",
		Aliases: []string{"Vyaire"},
	},
	{
		Name:    "Werfen",
		Aliases: []string{"Instrumentation Laboratory"},
		Note:    "Instrumentation Laboratory is a Werfen company.",
	},
	{
		Name:    "Wind River",
		Aliases: []string{"Wind River Systems"},
	},
	{
		Name: "Ypsomed",
	},
	{
		Name:    "Ziehm Imaging",
		Aliases: []string{"Ziehm"},
	},
	{
		Name:    "Zimmer Biomet",
		Aliases: []string{"Zimmer", "Biomet", "Zimmer Holdings"},
		Note:    "Zimmer acquired Biomet in 2015.",
	},
	{
		Name: "ZOLL",
		Aliases: []string{
			"ZOLL Medical", "Asahi Kasei ZOLL", "Asahi Kasei ZOLL Medical", "Revivant",
			"Cardiac Science", "Itamar Medical",
		},
		Note: "ZOLL, owned by Asahi Kasei since 2012, acquired Revivant (AutoPulse, 2004), Cardiac Science (2019) and Itamar Medical (2021).",
	},
}
