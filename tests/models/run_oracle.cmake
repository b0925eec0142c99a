# ctest fixture: runs oracle_logits.py with the oracle venv's python.
#   cmake -DPYTHON=... -DSCRIPT=... -DTEXT=... -DOUT=... -DMODELS="a=dir;b=dir" -P run_oracle.cmake
if(NOT EXISTS "${PYTHON}")
  message(FATAL_ERROR "missing asset: the oracle python '${PYTHON}' does not exist; create it with "
                      "scripts/prepare_assets.sh (or configure with -DAR_ORACLE_PYTHON=...)")
endif()
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" --text "${TEXT}" --out "${OUT}" --synthetic ${MODELS}
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "oracle_logits.py failed (${result})")
endif()
