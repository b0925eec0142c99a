# ctest fixture script: writes the reference int QDQ results of PyPI auto-round.
#   -DPYTHON=...  python with torch 2.11.0 and auto-round
#   -DSCRIPT=...  tests/quant/oracle_int_qdq.py
#   -DMODEL=...   stories260K model.safetensors (real weights)
#   -DOUT=...     the .safetensors file to write
file(REMOVE "${OUT}")  # never leave a stale reference behind
if(NOT EXISTS "${PYTHON}")
  message(FATAL_ERROR
    "Oracle python '${PYTHON}' does not exist. Create the venv with scripts/prepare_assets.sh, or configure "
    "with -DAR_ORACLE_PYTHON=/path/to/python (it needs torch==2.11.0 and auto-round).")
endif()
if(NOT EXISTS "${MODEL}")
  message(FATAL_ERROR "Test model '${MODEL}' does not exist; it is part of the read-only shared/ folder "
                      "(configure with -DAR_SHARED_DIR=/path/to/shared).")
endif()
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" "${MODEL}" "${OUT}" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "oracle_int_qdq.py failed (exit ${status}); is auto-round installed in '${PYTHON}'?")
endif()
