# An image for grading submissions in isolation (README, "For teachers"). Build it from a clean
# tree of the checkout, so no .venv or data is copied in:
#   git archive --format=tar HEAD | docker build -t dlcourse-grade -f scripts/grade.Dockerfile -
FROM python:3.11-slim
COPY . /course
WORKDIR /course
RUN pip install --no-cache-dir -c constraints.txt -e ".[authoring]"
ENV TF_CPP_MIN_LOG_LEVEL=2
