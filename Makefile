# Autoinvoice — the one entry point for people, CI and `sam build`.
#   make run    the main job, locally, on the embedded stand-ins: a demo organiser's sample purchases issued
#               (ARGS="--no-demo" skips it; ARGS="--real" uses the REAL Számlázz.hu with $SZAMLAZZ_AGENT_KEY)
#   make test   the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
MVN ?= mvn
MVN_FLAGS ?= -B -ntp -Dstyle.color=never
NODE_DIR := $(ROOT)/local/node
RUNNER_DIR := $(ROOT)/local/runner
# The runner logs through log4j2 (readable lines); the Lambda jars' own SLF4J backend is JsonLogProvider (shared).
LOG4J := -Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider -Dslf4j.internal.verbosity=WARN
# JDK 24+ warns on every sun.misc.Unsafe use (Maven's guava, ElasticMQ's Pekko) unless told it is allowed; JDK 21 does
# not know the flag and would refuse to start with it, so it is passed only to a JDK that accepts it.
JDK := $(shell $(ROOT)/local/bin/find-jdk 2>/dev/null)
QUIET_UNSAFE := $(shell "$(JDK)/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1 \
                  && echo --sun-misc-unsafe-memory-access=allow)
export MAVEN_OPTS := $(strip $(MAVEN_OPTS) $(QUIET_UNSAFE))
JAVA_FLAGS := $(QUIET_UNSAFE) $(LOG4J)
# The DynamoDB stand-in is dynalite (Node) unless AUTOINVOICE_DYNAMODB=in-jvm: then no Node is needed at all.
NEEDS_NODE := $(if $(filter in-jvm injvm,$(AUTOINVOICE_DYNAMODB)),,yes)
NODE_TOOLS := $(if $(NEEDS_NODE),node-tools)

.PHONY: help run test build prereqs node-check node-tools clean render-invoice

# Every target a person runs is listed here (MakeHelpTest checks it against the targets below).
help:
	@echo "make run     - run Autoinvoice locally on the stand-ins (SQS, DynamoDB, KMS, Secrets Manager, EventBridge,"
	@echo "               Számla Agent simulator) and issue the sample purchases of a demo organiser; Ctrl-C stops it"
	@echo "               ARGS=--help lists the options; SZAMLAZZ_AGENT_KEY=... make run ARGS=--real issues REAL invoices"
	@echo "make test    - run the whole test suite (afterwards make run starts without rebuilding)"
	@echo "make build   - compile and package everything, tests skipped (run, chaos, bench do it when sources changed)"
	@echo "make -s chaos ARGS=\"--purchases=1000 --refunds=0.2 --seed=7\" - seeded chaos run of issuer + probe (docs/RUNBOOK.md)"
	@echo "make -s bench [NAME=cold|throughput|e2e|probe|list|fairness|...] [ARGS=...] - benchmarks (docs/PERFORMANCE.md)"
	@echo "make -s render-invoice < purchase.json - print the xmlszamla request a purchase message becomes"
	@echo "               (ARGS=\"--prefix=TIX --e-invoice\"; ARGS=\"--receipt [--prefix=NYGT]\": the xmlnyugtacreate request instead)"
	@echo "make clean   - delete the build output"
	@echo "make help    - this list"
	@echo "No Node.js? AUTOINVOICE_DYNAMODB=in-jvm make run uses the DynamoDB stand-in in the JVM instead of dynalite"
	@echo "             (make test always needs Node 20+: it also checks template.yaml against the CloudFormation spec)."

# JDK 21+ (the machine default may be older): local/bin/find-jdk picks one or explains what is missing.
prereqs:
	@$(ROOT)/local/bin/find-jdk >/dev/null
	@command -v $(MVN) >/dev/null || { echo "Maven 3.8+ is needed (mvn not on PATH)." >&2; exit 1; }

# Node.js: dynalite (the default DynamoDB stand-in) and, in make test, the template check against the CloudFormation spec.
node-check:
	@command -v node >/dev/null || { echo "Node.js 20+ is needed (dynalite; make test's template check). make run works without it with AUTOINVOICE_DYNAMODB=in-jvm." >&2; exit 1; }
	@v=$$(node -p 'process.versions.node.split(".")[0]'); [ "$$v" -ge 20 ] || { echo "Node.js 20+ is needed, found $$(node --version)." >&2; exit 1; }

# dynalite and friends, pinned by local/node/package-lock.json; reinstalled when the lockfile changes.
node-tools: node-check $(NODE_DIR)/node_modules/.installed
$(NODE_DIR)/node_modules/.installed: $(NODE_DIR)/package-lock.json
	@cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: prereqs node-tools
	JAVA_HOME=$$($(ROOT)/local/bin/find-jdk) $(MVN) $(MVN_FLAGS) -f $(ROOT)/pom.xml verify
	@mkdir -p $(dir $(BUILD_STAMP)) && touch $(BUILD_STAMP)

# Rebuilt only when a source or pom changed (so run / render-invoice start quickly).
BUILD_STAMP := $(RUNNER_DIR)/target/.built
SOURCES := $(shell find $(ROOT)/shared $(ROOT)/functions $(ROOT)/local/stand-ins $(ROOT)/local/runner \
             -path '*/target' -prune -o -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -print 2>/dev/null)
build: prereqs $(NODE_TOOLS) $(BUILD_STAMP)
$(BUILD_STAMP): $(ROOT)/pom.xml $(SOURCES)
	@echo "building (mvn package, tests skipped) ..." >&2
	@set -o pipefail; JAVA_HOME=$$($(ROOT)/local/bin/find-jdk) $(MVN) $(MVN_FLAGS) -q -f $(ROOT)/pom.xml -DskipTests package 2>&1 \
	  | sed -u 's/\x1b\[[0-9;]*m//g' >&2  # Maven 3.8 prints colour resets even in batch mode
	@touch $@

run: build
	@JAVA_HOME=$$($(ROOT)/local/bin/find-jdk); exec "$$JAVA_HOME/bin/java" \
	  -Dautoinvoice.root=$(ROOT) $(JAVA_FLAGS) -cp "$(RUNNER_DIR)/target/classes:$(RUNNER_DIR)/target/lib/*" \
	  hu.autoinvoice.local.runner.LocalMain $(ARGS)

# Reads one purchase message (JSON, events/schema/) on stdin, prints the xmlszamla request XML on stdout
# (ARGS="--receipt [--prefix=NYGT]": the xmlnyugtacreate request of the e-receipt it becomes).
render-invoice: prereqs $(BUILD_STAMP)
	@exec "$$($(ROOT)/local/bin/find-jdk)/bin/java" $(JAVA_FLAGS) -cp "$(RUNNER_DIR)/target/classes:$(RUNNER_DIR)/target/lib/*" \
	  hu.autoinvoice.local.runner.RenderInvoice $(ARGS)

clean:
	JAVA_HOME=$$($(ROOT)/local/bin/find-jdk) $(MVN) $(MVN_FLAGS) -q -f $(ROOT)/pom.xml clean

# `sam build` (BuildMethod: makefile) calls build-<LogicalId> with ARTIFACTS_DIR set; each builds from the root
# reactor and unpacks that function's shaded jar (the Lambda java runtime loads classes from the unpacked tree).
define sam_build
	JAVA_HOME=$$($(ROOT)/local/bin/find-jdk) $(MVN) $(MVN_FLAGS) -q -f $(ROOT)/pom.xml -DskipTests -pl functions/$(1) -am package
	cd "$(ARTIFACTS_DIR)" && unzip -qo $(ROOT)/functions/$(1)/target/$(1)-*-lambda.jar
endef
.PHONY: build-ConnectApiFunction build-InvoiceIssuerFunction build-HealthProbeFunction
build-ConnectApiFunction: ; $(call sam_build,connect-api)
build-InvoiceIssuerFunction: ; $(call sam_build,invoice-issuer)
build-HealthProbeFunction: ; $(call sam_build,health-probe)

# Seeded chaos run of the issuer and the probe through the local queue (docs/RUNBOOK.md):
#   make -s chaos ARGS="--purchases=1000 --refunds=0.2 --refund-first=0.05 --account-outages=3 --reconnects=1 --amendments=0.1 --seed=7"
.PHONY: chaos
chaos: build
	@JAVA_HOME=$$($(ROOT)/local/bin/find-jdk); exec "$$JAVA_HOME/bin/java" \
	  -Dautoinvoice.root=$(ROOT) $(JAVA_FLAGS) -Dlog4j2.level=WARN -cp "$(RUNNER_DIR)/target/classes:$(RUNNER_DIR)/target/lib/*" \
	  hu.autoinvoice.local.runner.ChaosRun $(ARGS)

# Benchmarks on the local stand-ins (docs/PERFORMANCE.md): make -s bench; make -s bench NAME=cold ARGS="--runs=5"; make -s bench NAME=throughput ARGS="--concurrency=8"
.PHONY: bench
bench: build
	@JAVA_HOME=$$($(ROOT)/local/bin/find-jdk); exec "$$JAVA_HOME/bin/java" -Dautoinvoice.root=$(ROOT) $(JAVA_FLAGS) \
	  -Dlog4j2.configurationFile=log4j2-bench.xml -cp "$(RUNNER_DIR)/target/classes:$(RUNNER_DIR)/target/lib/*" \
	  hu.autoinvoice.local.bench.Bench $(NAME) $(ARGS)
