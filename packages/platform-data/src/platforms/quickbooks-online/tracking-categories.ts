/**
 * @module QuickBooks Online's two tracking trees read into the unified TrackingCategory: classes (query
 * `FROM Class`) and departments (`FROM Department`, QuickBooks' locations), inactive ones too, classes first. A
 * class keeps its QuickBooks Id, which transaction lines name in `ClassRef`; a department's id is `department-` and
 * its Id, as the two number their records apart. A sub-class or sub-department names its parent (`parentId`).
 * `hasChildren` is not given: a page of the list does not show whether a later page holds a child.
 */
import type { DataRecordOf } from '@linkway/contracts'
import { DataSourceError, type DataSource, type SourceRecord } from '../../data-source.js'
import { isObject, textOf } from '../../json-fields.js'
import { modifiedOf, readQuickbooksPage, refId, refName, requestQuickbooksPage, type QuickbooksQuery } from './quickbooks-api.js'

type TrackingCategory = DataRecordOf<'trackingCategories'>

const CLASS_QUERY: QuickbooksQuery = { entity: 'Class', conditions: ['Active IN (true, false)'] }
const DEPARTMENT_QUERY: QuickbooksQuery = { entity: 'Department', conditions: ['Active IN (true, false)'] }

/** A department's tracking category id: QuickBooks numbers departments and classes apart, so the two may share an Id. */
export function departmentCategoryId(departmentId: string): string {
  return `department-${departmentId}`
}

/**
 * QuickBooks tracks a department (its location) per transaction, not per line: each of the transaction's lines is
 * tracked against its DepartmentRef, after the line's own class. Intuit's schema puts DepartmentRef on every
 * Transaction, so every mapping whose lines carry tracking applies it: invoices, bills, credit memos, vendor
 * credits, sales receipts, purchases and purchase orders.
 */
export function trackLinesByDepartment(transaction: Record<string, unknown>, lines: ReadonlyArray<{ trackingCategoryRefs?: Array<{ id: string; name?: string }> }>): void {
  const departmentId = refId(transaction['DepartmentRef'])
  if (departmentId === undefined) return
  const name = refName(transaction['DepartmentRef'])
  const department = name === undefined ? { id: departmentCategoryId(departmentId) } : { id: departmentCategoryId(departmentId), name }
  for (const line of lines) line.trackingCategoryRefs = [...(line.trackingCategoryRefs ?? []), department]
}

const idOf = (query: QuickbooksQuery, id: string): string => (query.entity === 'Department' ? departmentCategoryId(id) : id)

export const quickbooksTrackingCategories: DataSource<'trackingCategories'> = {
  dataType: 'trackingCategories',
  isIncremental: true,
  request(context, cursor) {
    return requestQuickbooksPage(context, cursor?.['entity'] === 'Department' ? DEPARTMENT_QUERY : CLASS_QUERY, cursor)
  },
  read(response, context, cursor) {
    const query = cursor?.['entity'] === 'Department' ? DEPARTMENT_QUERY : CLASS_QUERY
    const { rows, next } = readQuickbooksPage(response.body, query, context, cursor)
    const records: Array<SourceRecord<'trackingCategories'>> = rows.map((raw, index) => {
      if (!isObject(raw)) throw new DataSourceError(`QuickBooks' ${query.entity}[${index}] is not an object.`)
      const ownId = textOf(raw['Id'])
      if (ownId === undefined) throw new DataSourceError(`QuickBooks' ${query.entity}[${index}] has no Id.`)
      const id = idOf(query, ownId)
      const { modifiedAt, sourceModifiedDate } = modifiedOf(raw)
      const category: TrackingCategory = { id, status: raw['Active'] === false ? 'Archived' : raw['Active'] === true ? 'Active' : 'Unknown' }
      const name = textOf(raw['Name'])
      if (name !== undefined) category.name = name
      const parent = refId(raw['ParentRef'])
      if (parent !== undefined) category.parentId = idOf(query, parent)
      if (sourceModifiedDate !== undefined) category.sourceModifiedDate = sourceModifiedDate
      return { id, modifiedAt, data: category }
    })
    const after = next === undefined ? undefined : { ...next, entity: query.entity }
    // The classes read, the departments next, from their first page at the same size.
    if (after === undefined && query.entity === 'Class') return { records, next: { entity: 'Department', maxResults: Number(cursor?.['maxResults'] ?? Math.min(context.pageSize, 1000)) } }
    return { records, next: after }
  },
}
