//! Constants for the terms of the ontology and of the vocabularies it reuses.

/// Declares a vocabulary module: its namespace and one constant per local name.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $module:ident, $ns:literal, { $($(#[$tdoc:meta])* $name:ident => $local:literal),* $(,)? }) => {
        $(#[$doc])*
        pub mod $module {
            use oxrdf::NamedNodeRef;

            /// The namespace IRI of this vocabulary.
            pub const NAMESPACE: &str = $ns;
            $(
                #[doc = concat!("`", $ns, $local, "`")]
                $(#[$tdoc])*
                pub const $name: NamedNodeRef<'static> =
                    NamedNodeRef::new_unchecked(concat!($ns, $local));
            )*
            /// Every term of this module, in declaration order.
            pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        }
    };
}

vocabulary!(
    /// The project's own terms: classes, properties, concept schemes and concepts of `biokg.ttl`.
    lcb, "https://w3id.org/laocai-biotech/ns#", {
    PLAN => "Plan",
    CLAUSE => "Clause",
    NARRATIVE_TASK => "NarrativeTask",
    TARGET => "Target",
    INDICATOR => "Indicator",
    TASK => "Task",
    TASK_GROUP => "TaskGroup",
    AGENCY => "Agency",
    AGENCY_GROUP => "AgencyGroup",
    REPORTING_DUTY => "ReportingDuty",
    SOURCE => "Source",
    HAS_TARGET => "hasTarget",
    HAS_TASK => "hasTask",
    HAS_CLAUSE => "hasClause",
    HAS_INDICATOR => "hasIndicator",
    IN_TASK_GROUP => "inTaskGroup",
    TASK_SECTION => "taskSection",
    NUMBER => "number",
    TEXT => "text",
    HEADING => "heading",
    CLAUSE_KIND => "clauseKind",
    CLAUSE_ROLE => "clauseRole",
    APPENDIX_TASK => "appendixTask",
    APPENDIX_TARGET => "appendixTarget",
    LEAD_AGENCY => "leadAgency",
    COORDINATING_AGENCY => "coordinatingAgency",
    MONITORING_AGENCY => "monitoringAgency",
    LEAD_AGENCY_NAMES => "leadAgencyNames",
    COORDINATING_AGENCY_NAMES => "coordinatingAgencyNames",
    MONITORING_AGENCY_NAMES => "monitoringAgencyNames",
    AGENCY_KEY => "agencyKey",
    ISSUED_BY => "issuedBy",
    SIGNER => "signer",
    COMPARATOR => "comparator",
    TARGET_VALUE => "targetValue",
    UNIT => "unit",
    VALUE_TEXT => "valueText",
    INDICATOR_ORDER => "indicatorOrder",
    TIMELINE_KIND => "timelineKind",
    TIMELINE_TEXT => "timelineText",
    DEADLINE => "deadline",
    START_DATE => "startDate",
    END_DATE => "endDate",
    DELIVERABLE => "deliverable",
    DELIVERABLES_TEXT => "deliverablesText",
    MISSING_FIELD => "missingField",
    HAS_REPORTING_DUTY => "hasReportingDuty",
    REPORT_TO => "reportTo",
    FREQUENCY => "frequency",
    DUE_DATE => "dueDate",
    LINE_START => "lineStart",
    LINE_END => "lineEnd",
    SHA256 => "sha256",
    FILE_NAME => "fileName",
    INGESTOR_VERSION => "ingestorVersion",
    SOURCE_KIND => "sourceKind",
    STORE_GENERATION => "storeGeneration",
    TASK_SECTIONS => "TaskSections",
    SECTION_I => "section-I",
    SECTION_II => "section-II",
    SECTION_III => "section-III",
    TIMELINE_KINDS => "TimelineKinds",
    TIMELINE_DEADLINE => "timeline-deadline",
    TIMELINE_FROM => "timeline-from",
    TIMELINE_ANNUAL => "timeline-annual",
    TIMELINE_PERIOD => "timeline-period",
    TIMELINE_ONGOING => "timeline-ongoing",
    TIMELINE_MISSING => "timeline-missing",
    COMPARATORS => "Comparators",
    CMP_GE => "cmp-ge",
    CMP_EQ => "cmp-eq",
    UNITS => "Units",
    UNIT_PERCENT => "unit-percent",
    UNIT_COUNT => "unit-count",
    CLAUSE_KINDS => "ClauseKinds",
    CLAUSE_PART => "clause-part",
    CLAUSE_HEADING => "clause-heading",
    CLAUSE_ITEM => "clause-item",
    CLAUSE_BULLET => "clause-bullet",
    CLAUSE_PARAGRAPH => "clause-paragraph",
    CLAUSE_ROLES => "ClauseRoles",
    ROLE_PURPOSE => "role-purpose",
    ROLE_REQUIREMENT => "role-requirement",
    ROLE_PURPOSE_AND_REQUIREMENT => "role-purpose-and-requirement",
    ROLE_OBJECTIVES => "role-objectives",
    ROLE_GENERAL_OBJECTIVE => "role-general-objective",
    ROLE_SPECIFIC_OBJECTIVE => "role-specific-objective",
    ROLE_VISION => "role-vision",
    ROLE_TASKS => "role-tasks",
    ROLE_FUNDING => "role-funding",
    ROLE_ORGANISATION => "role-organisation",
    ROLE_REPORTING => "role-reporting",
    TASK_FIELDS => "TaskFields",
    FIELD_LEAD => "field-lead",
    FIELD_PARTNERS => "field-partners",
    FIELD_TIMELINE => "field-timeline",
    FIELD_DELIVERABLES => "field-deliverables",
    DOCUMENT_TYPES => "DocumentTypes",
    DOCTYPE_KE_HOACH => "doctype-ke-hoach",
    DOCTYPE_NGHI_QUYET => "doctype-nghi-quyet",
    DOCTYPE_QUYET_DINH => "doctype-quyet-dinh",
    DOCTYPE_NGHI_DINH => "doctype-nghi-dinh",
    DOCTYPE_THONG_TU => "doctype-thong-tu",
    DOCTYPE_OTHER => "doctype-other",
    PROVINCE => "Province",
    COMMUNE => "Commune",
    HISTORICAL_AREA => "HistoricalArea",
    UNIT_TYPE => "unitType",
    INCLUDES_COMMUNE => "includesCommune",
    FORMER_AREA => "formerArea",
    ABOLISHED_ON => "abolishedOn",
    ADMINISTRATIVE_UNIT_TYPES => "AdministrativeUnitTypes",
    UNITTYPE_PROVINCE => "unittype-province",
    UNITTYPE_CITY => "unittype-city",
    UNITTYPE_COMMUNE => "unittype-commune",
    UNITTYPE_WARD => "unittype-ward",
    UNITTYPE_SPECIAL_ZONE => "unittype-special-zone",
    UNITTYPE_DISTRICT => "unittype-district",
    UNITTYPE_URBAN_DISTRICT => "unittype-urban-district",
    UNITTYPE_TOWN => "unittype-town",
    UNITTYPE_PROVINCIAL_CITY => "unittype-provincial-city",
    UNITTYPE_TOWNSHIP => "unittype-township",
    ENTERPRISE => "Enterprise",
    LAB => "Lab",
    CERTIFICATE => "Certificate",
    ACCESSION => "Accession",
    REGISTRY_ID => "registryId",
    ILLUSTRATIVE => "illustrative",
    REPRESENTATIVE => "representative",
    OPERATES_IN => "operatesIn",
    FORMER_DISTRICT => "formerDistrict",
    SECTOR => "sector",
    PRODUCT => "product",
    BIOTECH_ACTIVITY => "biotechActivity",
    VALUE_CHAIN_STAGE => "valueChainStage",
    SPECIES => "species",
    PARTNER => "partner",
    AREA_HA => "areaHa",
    MEMBERS => "members",
    LINKED_HOUSEHOLDS => "linkedHouseholds",
    CERTIFICATION_SCHEME => "certificationScheme",
    CERTIFICATION_KIND => "certificationKind",
    STANDARD => "standard",
    GRADE => "grade",
    ISSUER_NAME => "issuerName",
    BIOSAFETY_LEVEL => "biosafetyLevel",
    CAPABILITY => "capability",
    ACCREDITATION => "accreditation",
    ACCREDITATION_ID => "accreditationId",
    TAXON_RANK => "taxonRank",
    SYNONYM => "synonym",
    LOCAL_NAME => "localName",
    DECREE84_GROUP => "decree84Group",
    RED_LIST_CATEGORY => "redListCategory",
    GROWN_IN => "grownIn",
    CONSERVED_AT => "conservedAt",
    LAO_CAI_RELEVANCE => "laoCaiRelevance",
    NAME_SOURCE => "nameSource",
    STATUS_SOURCE => "statusSource",
    RELEVANCE_SOURCE => "relevanceSource",
    HELD_BY => "heldBy",
    MATERIAL => "material",
    QUANTITY => "quantity",
    COLLECTED_IN => "collectedIn",
    VALUE_CHAIN => "ValueChain",
    VALUE_CHAIN_PRODUCT => "ValueChainProduct",
    FIGURE => "Figure",
    HAS_STAGE => "hasStage",
    STAGE_CONCEPT => "stageConcept",
    STAGE_ORDER => "stageOrder",
    STAGE_ACTOR => "stageActor",
    HAS_ACTOR => "hasActor",
    ACTOR_ROLE => "actorRole",
    PRODUCED_BY => "producedBy",
    IN_CHAIN => "inChain",
    QUANTITY_VALUE => "quantityValue",
    QUANTITY_UNIT => "quantityUnit",
    PERIOD => "period",
    FIGURE_COMPARATOR => "figureComparator",
    FIGURE_VALUE => "figureValue",
    FIGURE_MIN => "figureMin",
    FIGURE_MAX => "figureMax",
    FIGURE_SCOPE => "figureScope",
    IMPLEMENTS_TASK => "implementsTask",
    PLAN_TASK_CODE => "planTaskCode",
    // GBIF
    GBIF_MATCH_TYPE => "gbifMatchType",
    GBIF_CONFIDENCE => "gbifConfidence",
    GBIF_MATCHED_NAME => "gbifMatchedName",
    GBIF_MATCH_NOTE => "gbifMatchNote",
    GBIF_OCCURRENCE_COUNT => "gbifOccurrenceCount",
    OCCURRENCE_OF => "occurrenceOf",
    // Plan monitoring
    PROGRESS_REPORT => "ProgressReport",
    REPORTING => "Reporting",
    TASK_REPORT => "TaskReport",
    INDICATOR_OBSERVATION => "IndicatorObservation",
    INDICATOR_DATA_SET => "IndicatorDataSet",
    REPORTING_AGENCY => "reportingAgency",
    REPORT_YEAR => "reportYear",
    SUBMITTED_ON => "submittedOn",
    UPLOADED_BY => "uploadedBy",
    IN_REPORT => "inReport",
    ABOUT_TASK => "aboutTask",
    REPORTED_STATUS => "reportedStatus",
    OBSERVED_INDICATOR => "observedIndicator",
    OBSERVED_VALUE => "observedValue",
    OUTPUTS => "outputs",
    DOCUMENT_ISSUED => "documentIssued",
    SPENT_VND => "spentVnd",
    FUNDING_SOURCE => "fundingSource",
    PROPOSAL => "proposal",
});

vocabulary!(
    /// European Legislation Identifier ontology: plans, their parts and the documents they cite.
    eli, "http://data.europa.eu/eli/ontology#", {
    LEGAL_RESOURCE => "LegalResource",
    LEGAL_RESOURCE_SUBDIVISION => "LegalResourceSubdivision",
    ID_LOCAL => "id_local",
    DATE_DOCUMENT => "date_document",
    PASSED_BY => "passed_by",
    TYPE_DOCUMENT => "type_document",
    BASED_ON => "based_on",
    CITES => "cites",
    HAS_PART => "has_part",
    IS_PART_OF => "is_part_of",
    TITLE => "title",
});

vocabulary!(
    /// W3C Organization ontology.
    org, "http://www.w3.org/ns/org#", {
    ORGANIZATION => "Organization",
    SUB_ORGANIZATION_OF => "subOrganizationOf",
    HAS_SUB_ORGANIZATION => "hasSubOrganization",
    IDENTIFIER => "identifier",
    FORMAL_ORGANIZATION => "FormalOrganization",
    ORGANIZATIONAL_UNIT => "OrganizationalUnit",
    UNIT_OF => "unitOf",
    HAS_UNIT => "hasUnit",
    CLASSIFICATION => "classification",
});

vocabulary!(
    /// schema.org (https form).
    schema, "https://schema.org/", {
    GOVERNMENT_ORGANIZATION => "GovernmentOrganization",
    ORGANIZATION => "Organization",
    NAME => "name",
    ADMINISTRATIVE_AREA => "AdministrativeArea",
    CONTAINED_IN_PLACE => "containedInPlace",
    CONTAINS_PLACE => "containsPlace",
    CERTIFICATION => "Certification",
    HAS_CERTIFICATION => "hasCertification",
    CERTIFICATION_IDENTIFICATION => "certificationIdentification",
    VALID_FROM => "validFrom",
    EXPIRES => "expires",
    TAX_ID => "taxID",
    ADDRESS => "address",
    LOCATION => "location",
    TELEPHONE => "telephone",
    EMAIL => "email",
    URL => "url",
    PRODUCT => "Product",
});

vocabulary!(
    /// PROV-O.
    prov, "http://www.w3.org/ns/prov#", {
    ENTITY => "Entity",
    ACTIVITY => "Activity",
    AGENT => "Agent",
    SOFTWARE_AGENT => "SoftwareAgent",
    PLAN => "Plan",
    WAS_DERIVED_FROM => "wasDerivedFrom",
    WAS_GENERATED_BY => "wasGeneratedBy",
    WAS_ASSOCIATED_WITH => "wasAssociatedWith",
    WAS_ATTRIBUTED_TO => "wasAttributedTo",
    USED => "used",
    GENERATED => "generated",
    STARTED_AT_TIME => "startedAtTime",
    ENDED_AT_TIME => "endedAtTime",
    HAD_PRIMARY_SOURCE => "hadPrimarySource",
});

vocabulary!(
    /// SKOS.
    skos, "http://www.w3.org/2004/02/skos/core#", {
    CONCEPT => "Concept",
    CONCEPT_SCHEME => "ConceptScheme",
    PREF_LABEL => "prefLabel",
    ALT_LABEL => "altLabel",
    NOTATION => "notation",
    IN_SCHEME => "inScheme",
    BROADER => "broader",
    EXACT_MATCH => "exactMatch",
    NOTE => "note",
    TOP_CONCEPT_OF => "topConceptOf",
    DEFINITION => "definition",
    BROAD_MATCH => "broadMatch",
});

vocabulary!(
    /// Dublin Core terms.
    dcterms, "http://purl.org/dc/terms/", {
    TITLE => "title",
    IDENTIFIER => "identifier",
    ISSUED => "issued",
    SOURCE => "source",
    IS_PART_OF => "isPartOf",
    HAS_PART => "hasPart",
    REFERENCES => "references",
    MODIFIED => "modified",
    REPLACES => "replaces",
    IS_REPLACED_BY => "isReplacedBy",
    DATE => "date",
    LICENSE => "license",
});

vocabulary!(
    /// OGC GeoSPARQL: features, their geometries and WKT literals.
    geo, "http://www.opengis.net/ont/geosparql#", {
    FEATURE => "Feature",
    GEOMETRY => "Geometry",
    HAS_GEOMETRY => "hasGeometry",
    AS_WKT => "asWKT",
    WKT_LITERAL => "wktLiteral",
});

vocabulary!(
    /// Darwin Core terms: taxa, their names and material samples.
    dwc, "http://rs.tdwg.org/dwc/terms/", {
    TAXON => "Taxon",
    MATERIAL_SAMPLE => "MaterialSample",
    SCIENTIFIC_NAME => "scientificName",
    SCIENTIFIC_NAME_AUTHORSHIP => "scientificNameAuthorship",
    TAXON_RANK => "taxonRank",
    FAMILY => "family",
    VERNACULAR_NAME => "vernacularName",
    CATALOG_NUMBER => "catalogNumber",
    OCCURRENCE => "Occurrence",
    TAXON_ID => "taxonID",
    ACCEPTED_NAME_USAGE => "acceptedNameUsage",
    ACCEPTED_NAME_USAGE_ID => "acceptedNameUsageID",
    TAXONOMIC_STATUS => "taxonomicStatus",
    KINGDOM => "kingdom",
    PHYLUM => "phylum",
    CLASS => "class",
    ORDER => "order",
    GENUS => "genus",
    DECIMAL_LATITUDE => "decimalLatitude",
    DECIMAL_LONGITUDE => "decimalLongitude",
    EVENT_DATE => "eventDate",
    LOCALITY => "locality",
    COUNTRY_CODE => "countryCode",
    BASIS_OF_RECORD => "basisOfRecord",
    INSTITUTION_CODE => "institutionCode",
    OCCURRENCE_ID => "occurrenceID",
    RECORDED_BY => "recordedBy",
    DATASET_ID => "datasetID",
});

vocabulary!(
    /// Valueflows: processes, economic events between agents.
    vf, "https://w3id.org/valueflows/ont/vf#", {
    PROCESS => "Process",
    ECONOMIC_EVENT => "EconomicEvent",
    PROVIDER => "provider",
    RECEIVER => "receiver",
    RESOURCE_CONFORMS_TO => "resourceConformsTo",
    AT_LOCATION => "atLocation",
});

vocabulary!(
    /// The W3C Data Cube vocabulary: the observed values of target indicators.
    qb, "http://purl.org/linked-data/cube#", {
    OBSERVATION => "Observation",
    DATA_SET => "DataSet",
    /// The property (`qb:dataSet`), named apart from the class `qb:DataSet`.
    DATA_SET_PROPERTY => "dataSet",
});

vocabulary!(
    /// FOAF.
    foaf, "http://xmlns.com/foaf/0.1/", {
    GROUP => "Group",
});

vocabulary!(
    /// OWL.
    owl, "http://www.w3.org/2002/07/owl#", {
    ONTOLOGY => "Ontology",
    CLASS => "Class",
    OBJECT_PROPERTY => "ObjectProperty",
    DATATYPE_PROPERTY => "DatatypeProperty",
});
