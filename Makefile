# mailfleet front door. `make run` and `make test` set up everything they need on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

KWOK_NODES ?= 0

.PHONY: help run run-mta test bench fmt cluster-up cluster-down aws-up aws-down

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: ## start the local platform, install the chart and the quick start, print how to send mail
	@e2e/cluster/run.sh

run-mta: ## build the MTA and run it alone on loopback (SMTP 2525, admin 8025, injection 8026)
	@./mvnw -B -q -pl mta-image -am -DskipTests -Dimages.skip=true package
	@cd mta-image/target && exec java -jar mailfleet-mta.jar

test: ## everything CI checks: format, unit tests, ITs and E2E against the local cluster
	@e2e/cluster/test.sh

bench: ## benchmarks against peers on this machine, printing our figure, theirs and the ratio
	@e2e/bench/run.sh

fmt: ## apply the formatter to all Java sources
	@./mvnw -B -q spotless:apply

cluster-up: ## start the local Kubernetes cluster with a real node (KWOK_NODES=N adds simulated ones)
	@e2e/cluster/cluster.sh up --kwok-nodes $(KWOK_NODES)

cluster-down: ## stop the local Kubernetes cluster and clean up its node
	@e2e/cluster/cluster.sh down

aws-up: ## start the AWS emulator (moto) on loopback
	@e2e/cluster/aws.sh up

aws-down: ## stop the AWS emulator
	@e2e/cluster/aws.sh down
